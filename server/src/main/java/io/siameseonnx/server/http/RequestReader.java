package io.siameseonnx.server.http;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads a request body as JSON or as multipart form data, under the size limit, and turns every
 * parsing failure into an {@link ApiException} in the request's own terms (the field, never a Java
 * class): 400 for what cannot be parsed, 413 over the limit, 415 for other content types, 422 for
 * well-formed JSON of the wrong shape, an unknown field, or a value of the wrong type.
 */
public final class RequestReader {
  private final ObjectMapper mapper;
  private final long maxBytes;
  private final Supplier<Map<Object, Object>> attributes;

  /** A reader with the API's mapper and body limit. */
  public RequestReader(ObjectMapper mapper, long maxBytes) {
    this(mapper, maxBytes, Map::of);
  }

  /**
   * A reader that also hands the deserializers {@code attributes} (such as the request's image
   * limit), read afresh for each request.
   */
  public RequestReader(
      ObjectMapper mapper, long maxBytes, Supplier<Map<Object, Object>> attributes) {
    this.mapper = mapper;
    this.maxBytes = maxBytes;
    this.attributes = attributes;
  }

  /** Reads a JSON body as {@code type}, or a multipart body with {@code fromForm}. */
  public <T> T read(Context ctx, Class<T> type, Function<MultipartForm, T> fromForm) {
    long length = ctx.req().getContentLengthLong();
    if (length > maxBytes) {
      throw tooLarge();
    }
    MediaType media = MediaType.of(ctx.contentType());
    RequestCompression.Encoding encoding =
        RequestCompression.encoding(ctx.header("Content-Encoding"));
    if (media.isJson()) {
      return readJson(ctx, encoding, type);
    }
    if (media.is("multipart", "form-data")) {
      if (encoding != RequestCompression.Encoding.IDENTITY) {
        throw new ApiException(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "a multipart form is read as it is sent; send it without Content-Encoding");
      }
      return fromForm.apply(MultipartForm.read(ctx, maxBytes));
    }
    throw new ApiException(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        (ctx.contentType() == null
                ? "no Content-Type"
                : "Content-Type " + ctx.contentType() + " is not supported")
            + "; send application/json or multipart/form-data");
  }

  /** Whether a Content-Type header names JSON, which {@link #readJson} reads. */
  public static boolean isJson(String contentType) {
    return MediaType.of(contentType).isJson();
  }

  /** The type and subtype of a Content-Type header, lower case, parameters dropped. */
  record MediaType(String type, String subtype) {
    static MediaType of(String header) {
      if (header == null) {
        return new MediaType("", "");
      }
      String essence = header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      int slash = essence.indexOf('/');
      return slash < 0
          ? new MediaType(essence, "")
          : new MediaType(essence.substring(0, slash), essence.substring(slash + 1));
    }

    boolean is(String t, String s) {
      return type.equals(t) && subtype.equals(s);
    }

    /** {@code application/json}, or a structured {@code application/...+json} type. */
    boolean isJson() {
      return type.equals("application")
          && (subtype.equals("json") || subtype.endsWith("+json") && subtype.length() > 5);
    }
  }

  private <T> T readJson(Context ctx, RequestCompression.Encoding encoding, Class<T> type) {
    try {
      return readJson(RequestCompression.inflating(ctx.req().getInputStream(), encoding), type);
    } catch (IOException e) {
      throw new ApiException(
          ErrorCode.INVALID_JSON, "request body cannot be read: " + e.getMessage());
    }
  }

  /**
   * Reads a JSON body as {@code type} from {@code in}: what {@link #read} does with a JSON body,
   * for a body read outside Javalin ({@link DirectRoutes}).
   */
  public <T> T readJson(InputStream in, Class<T> type) {
    // Parsed as it streams in: the body is never held whole (Javalin's own read grows a buffer
    // to two or three times the body's size), and its size is counted against the limit.
    LimitedInputStream body = new LimitedInputStream(in, maxBytes);
    ObjectReader reader = mapper.readerFor(type);
    for (Map.Entry<Object, Object> a : attributes.get().entrySet()) {
      reader = reader.withAttribute(a.getKey(), a.getValue());
    }
    T value;
    try {
      value = reader.readValue(body);
    } catch (ApiException e) {
      throw e;
    } catch (LimitedInputStream.TooLargeException e) {
      throw tooLarge();
    } catch (StreamConstraintsException e) {
      throw new ApiException(
          ErrorCode.INVALID_JSON, "request body exceeds a JSON limit: " + limitOf(e));
    } catch (StreamReadException e) {
      rethrowApiCause(e);
      throw notJson(e);
    } catch (DatabindException e) {
      rethrowApiCause(e);
      if (e.getCause() instanceof LimitedInputStream.TooLargeException) {
        throw tooLarge();
      }
      if (body.count() == 0) {
        throw new ApiException(ErrorCode.INVALID_JSON, "request body is empty");
      }
      if (e.getCause() instanceof StreamConstraintsException limit) {
        throw new ApiException(
            ErrorCode.INVALID_JSON, "request body exceeds a JSON limit: " + limitOf(limit));
      }
      if (e.getCause() instanceof StreamReadException syntax) {
        throw notJson(syntax);
      }
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

  /** A body that is not JSON, with the parser's reason and where it stopped. */
  public static ApiException notJson(com.fasterxml.jackson.core.JsonProcessingException e) {
    return new ApiException(
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
  }

  private ApiException tooLarge() {
    return new ApiException(
        ErrorCode.PAYLOAD_TOO_LARGE, "request body is over the limit of " + maxBytes + " bytes");
  }

  /** Jackson's limits, said in the request's terms rather than its own method names. */
  private static String limitOf(StreamConstraintsException e) {
    String m = String.valueOf(e.getOriginalMessage()).toLowerCase(Locale.ROOT);
    if (m.contains("nesting")) {
      return "nested too deeply";
    }
    if (m.contains("number")) {
      return "a number is too long";
    }
    if (m.contains("string")) {
      return "a string is too long";
    }
    if (m.contains("name")) {
      return "a field name is too long";
    }
    return "too large a value";
  }

  private static void rethrowApiCause(Throwable e) {
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof ApiException api) {
        throw api;
      }
    }
  }

  /** "threshold: expected a number", "pairs[1].a: expected an image", "metric: unknown field". */
  private static String describe(DatabindException e) {
    String where = e instanceof JsonMappingException mapping ? path(mapping) : "";
    if (e instanceof UnrecognizedPropertyException unknown) {
      TreeSet<String> known = new TreeSet<>();
      if (unknown.getKnownPropertyIds() != null) {
        unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
      }
      return (where.isEmpty() ? unknown.getPropertyName() : where)
          + ": unknown field"
          + (known.isEmpty() ? "" : " (this request takes " + String.join(", ", known) + ")");
    }
    String field = where.isEmpty() ? "request body" : where;
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return field + ": expected " + describeType(mismatch.getTargetType());
    }
    return field + ": invalid value";
  }

  private static String path(JsonMappingException mapping) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : mapping.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String describeType(Class<?> type) {
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (io.siameseonnx.server.service.ImageInput.class.isAssignableFrom(type)) {
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
