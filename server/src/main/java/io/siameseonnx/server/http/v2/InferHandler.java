package io.siameseonnx.server.http.v2;

import com.fasterxml.jackson.core.JsonFactory;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.siameseonnx.server.http.Answers;
import io.siameseonnx.server.http.ApiException;
import io.siameseonnx.server.http.DirectRoutes;
import io.siameseonnx.server.http.ErrorCode;
import io.siameseonnx.server.http.Pending;
import io.siameseonnx.server.http.Reply;
import io.siameseonnx.server.http.RequestCompression;
import io.siameseonnx.server.oip.InferRequest;
import io.siameseonnx.server.oip.InferResult;
import io.siameseonnx.server.oip.InferenceModel;
import io.siameseonnx.server.oip.InferenceModels;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code POST /v2/models/{model}[/versions/{version}]/infer}: runs the model on the request's
 * tensors. The body is JSON, followed by binary tensor data when {@value #HEADER_LENGTH} gives the
 * JSON's length (whatever the Content-Type, as Triton reads it); the answer is JSON, followed by
 * binary data when an output is asked for as binary, once the batches are done, without holding the
 * request thread meanwhile.
 */
final class InferHandler implements Handler {
  /** The binary extension's header: the length of the JSON object at the start of the body. */
  static final String HEADER_LENGTH = "Inference-Header-Content-Length";

  /** Bodies up to this length are read straight into an array allocated before they arrive. */
  static final int PREALLOCATED = 256 * 1024;

  private final InferenceModels models;
  private final long maxBodyBytes;
  private final InferRequestReader reader;
  private final InferResponseWriter writer;
  private final Answers answers;

  InferHandler(InferenceModels models, JsonFactory json, long maxBodyBytes, Answers answers) {
    this.models = models;
    this.answers = answers;
    this.maxBodyBytes = maxBodyBytes;
    this.reader = new InferRequestReader(json);
    this.writer = new InferResponseWriter(json);
  }

  @Override
  public void handle(Context ctx) {
    Target target =
        target(
            ctx.pathParam(V2Api.MODEL),
            Optional.ofNullable(ctx.pathParamMap().get(V2Api.VERSION)),
            ctx.header("Content-Encoding"));
    byte[] body = RequestCompression.inflate(body(ctx), target.encoding(), maxBodyBytes);
    answers.whenDone(ctx, start(target, body, ctx.header(HEADER_LENGTH)));
  }

  /**
   * The model and version a request names, and how its body is encoded: refused before the body is
   * read.
   */
  private record Target(
      InferenceModel model, OptionalLong version, RequestCompression.Encoding encoding) {}

  private Target target(String name, Optional<String> versionParam, String contentEncoding) {
    InferenceModel model = models.model(name);
    OptionalLong version = InferenceModels.version(model.name(), versionParam);
    model.requireVersion(version);
    return new Target(model, version, RequestCompression.encoding(contentEncoding));
  }

  private Pending<InferResult> start(Target target, byte[] body, String headerLength) {
    InferRequest request =
        reader.read(body, jsonLength(headerLength, body.length), target.model().limits());
    return new Pending<>(
        target.model().inferAsync(request, target.version(), Answers.REQUEST_THREAD),
        result -> reply(result, request));
  }

  private Reply reply(InferResult result, InferRequest request) {
    InferResponseWriter.Body answer = writer.write(result, request);
    return answer.hasBinary()
        ? new Reply(
            "application/octet-stream",
            answer.bytes(),
            Map.of(HEADER_LENGTH, Integer.toString(answer.jsonLength())))
        : Reply.json(answer.bytes());
  }

  /**
   * The route as {@link DirectRoutes} serves it: a request at {@code /v2/models/{m}/infer} or
   * {@code /v2/models/{m}/versions/{v}/infer} whose path needs no decoding, with a body of known
   * length (read whole, as here).
   */
  DirectRoutes.Route direct(String modelPath, String versionPath) {
    return new DirectRoutes.Route() {
      @Override
      public String label(String path) {
        String[] parts = parts(path);
        if (parts == null) {
          return null;
        }
        return parts.length == 1 ? modelPath : versionPath;
      }

      @Override
      public boolean takes(DirectRoutes.Request request) {
        return request.length() >= 1;
      }

      @Override
      public Pending<?> start(DirectRoutes.Request request) {
        String[] parts = parts(request.path());
        Target target =
            target(
                parts[0],
                parts.length == 1 ? Optional.empty() : Optional.of(parts[1]),
                request.header("Content-Encoding"));
        byte[] body;
        try {
          body = read(request.body(), request.length());
        } catch (IOException e) {
          throw new ApiException(
              ErrorCode.INVALID_JSON, "request body cannot be read: " + e.getMessage());
        }
        return InferHandler.this.start(
            target,
            RequestCompression.inflate(body, target.encoding(), maxBodyBytes),
            request.header(HEADER_LENGTH));
      }
    };
  }

  private static final String MODELS_PREFIX = V2Api.PREFIX + "/models/";
  private static final String INFER_SUFFIX = "/infer";

  /**
   * The model's name, and the version's when given, of an infer path; null for any other path or
   * one with characters to decode.
   */
  static String[] parts(String path) {
    if (!path.startsWith(MODELS_PREFIX)
        || !path.endsWith(INFER_SUFFIX)
        || path.indexOf('%') >= 0
        || path.indexOf('+') >= 0) {
      return null;
    }
    String middle = path.substring(MODELS_PREFIX.length(), path.length() - INFER_SUFFIX.length());
    String[] parts = middle.split("/", -1);
    if (parts.length == 1 && !parts[0].isEmpty()) {
      return parts;
    }
    if (parts.length == 3
        && !parts[0].isEmpty()
        && parts[1].equals("versions")
        && !parts[2].isEmpty()) {
      return new String[] {parts[0], parts[2]};
    }
    return null;
  }

  private byte[] body(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    byte[] body;
    if (declared >= 0) {
      try {
        body = read(ctx.req().getInputStream(), declared);
      } catch (IOException e) {
        throw new ApiException(
            ErrorCode.INVALID_JSON, "request body cannot be read: " + e.getMessage());
      }
    } else {
      try {
        body = ctx.bodyAsBytes();
      } catch (HttpResponseException e) {
        if (e.getStatus() == 413) {
          throw tooLarge();
        }
        throw e;
      }
    }
    if (body.length == 0) {
      throw new ApiException(ErrorCode.INVALID_JSON, "request body is empty");
    }
    return body;
  }

  /**
   * A body of a known length, read into one array of that size: Javalin's read grows a buffer to
   * two or three times the body and copies it once more. Up to PREALLOCATED bytes (32 images of
   * binary tensors) the array is allocated first and the body read straight into it; above,
   * readNBytes(int) grows it with what arrives (8 KB chunks, copied once more at the end), so that
   * a length a client only claims costs nothing until its bytes come.
   */
  private byte[] read(InputStream in, long declared) throws IOException {
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    byte[] body;
    int read;
    if (declared <= PREALLOCATED) {
      body = new byte[(int) declared];
      read = in.readNBytes(body, 0, body.length);
    } else {
      body = in.readNBytes((int) declared);
      read = body.length;
    }
    if (read < declared) {
      throw new ApiException(
          ErrorCode.INVALID_JSON,
          "request body ended after " + read + " of its " + declared + " bytes");
    }
    return body;
  }

  private ApiException tooLarge() {
    return new ApiException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "request body is over the limit of " + maxBodyBytes + " bytes");
  }

  /** The JSON's length: the header's value, or the whole body without it. */
  private static int jsonLength(String header, int bodyLength) {
    if (header == null) {
      return bodyLength;
    }
    long length;
    try {
      length = Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      throw new ApiException(
          ErrorCode.INVALID_JSON, HEADER_LENGTH + " must be an integer, got \"" + header + "\"");
    }
    if (length < 1 || length > bodyLength) {
      throw new ApiException(
          ErrorCode.INVALID_JSON,
          String.format(
              Locale.ROOT,
              "%s is %d, but the body has %d bytes",
              HEADER_LENGTH,
              length,
              bodyLength));
    }
    return (int) length;
  }
}
