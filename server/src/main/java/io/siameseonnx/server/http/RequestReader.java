package io.siameseonnx.server.http;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.siameseonnx.server.service.ImageInput;
import java.io.IOException;
import java.util.Collection;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads a request body as JSON or as multipart form data, under the size limit, and turns every
 * parsing failure into an {@link ApiException}: 400 for what cannot be parsed, 413 over the limit,
 * 415 for other content types, 422 for well-formed JSON of the wrong shape.
 */
public final class RequestReader {
  private final ObjectMapper mapper;
  private final long maxBytes;

  /** A reader with the API's mapper and body limit. */
  public RequestReader(ObjectMapper mapper, long maxBytes) {
    this.mapper = mapper;
    this.maxBytes = maxBytes;
  }

  /** Reads a JSON body as {@code type}, or a multipart body with {@code fromForm}. */
  public <T> T read(Context ctx, Class<T> type, Function<MultipartForm, T> fromForm) {
    long length = ctx.req().getContentLengthLong();
    if (length > maxBytes) {
      throw tooLarge();
    }
    String contentType = ctx.contentType();
    String lower = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).strip();
    if (lower.startsWith("application/json")
        || lower.matches("application/[a-z0-9.+-]*\\+json.*")) {
      return readJson(ctx, type);
    }
    if (lower.startsWith("multipart/form-data")) {
      return fromForm.apply(MultipartForm.read(ctx, maxBytes));
    }
    throw new ApiException(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        (contentType == null
                ? "no Content-Type"
                : "Content-Type " + contentType + " is not supported")
            + "; send application/json or multipart/form-data");
  }

  private <T> T readJson(Context ctx, Class<T> type) {
    byte[] body;
    try {
      body = ctx.bodyAsBytes();
    } catch (HttpResponseException e) {
      if (e.getStatus() == 413) {
        throw tooLarge();
      }
      throw e;
    }
    if (body.length == 0) {
      throw new ApiException(ErrorCode.INVALID_JSON, "request body is empty");
    }
    T value;
    try {
      value = mapper.readValue(body, type);
    } catch (ApiException e) {
      throw e;
    } catch (StreamReadException e) {
      rethrowApiCause(e);
      throw new ApiException(
          ErrorCode.INVALID_JSON,
          "request body is not valid JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"));
    } catch (DatabindException e) {
      rethrowApiCause(e);
      throw ApiException.invalid(describe(e));
    } catch (IOException e) {
      throw new ApiException(
          ErrorCode.INVALID_JSON, "request body cannot be read: " + e.getMessage());
    } catch (RuntimeException e) {
      rethrowApiCause(e);
      throw e;
    }
    if (value == null) {
      throw ApiException.invalid("request body must be a JSON object");
    }
    return value;
  }

  private ApiException tooLarge() {
    return new ApiException(
        ErrorCode.PAYLOAD_TOO_LARGE, "request body is over the limit of " + maxBytes + " bytes");
  }

  private static void rethrowApiCause(Throwable e) {
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof ApiException api) {
        throw api;
      }
    }
  }

  private static String describe(DatabindException e) {
    StringBuilder path = new StringBuilder();
    if (e instanceof JsonMappingException mapping) {
      for (JsonMappingException.Reference ref : mapping.getPath()) {
        if (ref.getFieldName() != null) {
          path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          path.append('[').append(ref.getIndex()).append(']');
        }
      }
    }
    String where = path.length() == 0 ? "request body" : path.toString();
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return where + ": expected " + describeType(mismatch.getTargetType());
    }
    return where + ": invalid value";
  }

  private static String describeType(Class<?> type) {
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (ImageInput.class.isAssignableFrom(type)) {
      return "an image (a base64 string or a tensor object)";
    }
    if (Number.class.isAssignableFrom(type) || type == int.class || type == double.class) {
      return type == Integer.class || type == int.class ? "an integer" : "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    return "an object";
  }
}
