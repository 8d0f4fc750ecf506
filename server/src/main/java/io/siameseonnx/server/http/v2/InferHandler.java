package io.siameseonnx.server.http.v2;

import com.fasterxml.jackson.core.JsonFactory;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.siameseonnx.server.http.Answers;
import io.siameseonnx.server.http.ApiException;
import io.siameseonnx.server.http.ErrorCode;
import io.siameseonnx.server.oip.InferRequest;
import io.siameseonnx.server.oip.InferResult;
import io.siameseonnx.server.oip.InferenceModel;
import io.siameseonnx.server.oip.InferenceModels;
import java.io.IOException;
import java.util.Locale;
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
    InferenceModel model = models.model(ctx.pathParam(V2Api.MODEL));
    OptionalLong version = ModelHandler.version(ctx, model);
    model.requireVersion(version);
    String encoding = ctx.header("Content-Encoding");
    if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
      throw new ApiException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Encoding " + encoding + " is not supported; send the body uncompressed");
    }
    byte[] body = body(ctx);
    InferRequest request = reader.read(body, jsonLength(ctx, body.length), model.limits());
    answers.whenDone(
        ctx,
        model.inferAsync(request, version, Answers.REQUEST_THREAD),
        result -> answer(ctx, result, request));
  }

  private void answer(Context ctx, InferResult result, InferRequest request) {
    InferResponseWriter.Body answer = writer.write(result, request);
    if (answer.hasBinary()) {
      ctx.header(HEADER_LENGTH, Integer.toString(answer.jsonLength()));
    }
    Answers.bytes(
        ctx, answer.hasBinary() ? "application/octet-stream" : "application/json", answer.bytes());
  }

  private byte[] body(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    byte[] body;
    if (declared >= 0) {
      // A known length is read into one array of that size: Javalin's read grows a buffer to two
      // or three times the body and copies it once more. Up to PREALLOCATED bytes (32 images of
      // binary tensors) the array is allocated first and the body read straight into it; above,
      // readNBytes(int) grows it with what arrives (8 KB chunks, copied once more at the end), so
      // that a length a client only claims costs nothing until its bytes come.
      int read;
      try {
        var in = ctx.req().getInputStream();
        if (declared <= PREALLOCATED) {
          body = new byte[(int) declared];
          read = in.readNBytes(body, 0, body.length);
        } else {
          body = in.readNBytes((int) declared);
          read = body.length;
        }
      } catch (IOException e) {
        throw new ApiException(
            ErrorCode.INVALID_JSON, "request body cannot be read: " + e.getMessage());
      }
      if (read < declared) {
        throw new ApiException(
            ErrorCode.INVALID_JSON,
            "request body ended after " + read + " of its " + declared + " bytes");
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

  private ApiException tooLarge() {
    return new ApiException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "request body is over the limit of " + maxBodyBytes + " bytes");
  }

  /** The JSON's length: the header's value, or the whole body without it. */
  private static int jsonLength(Context ctx, int bodyLength) {
    String header = ctx.header(HEADER_LENGTH);
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
