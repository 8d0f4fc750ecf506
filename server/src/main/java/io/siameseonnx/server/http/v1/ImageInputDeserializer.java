package io.siameseonnx.server.http.v1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.siameseonnx.server.http.ApiException;
import io.siameseonnx.server.http.ErrorCode;
import io.siameseonnx.server.http.NumberArrayParser;
import io.siameseonnx.server.service.EncodedImage;
import io.siameseonnx.server.service.ImageInput;
import io.siameseonnx.server.service.TensorImage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;

/**
 * Reads an image from JSON: a base64 string (optionally a {@code data:} URL, line breaks allowed)
 * or an object {@code {"tensor": [...], "shape": [...]}}. Tensors are streamed straight into a
 * float array, so a 1,024-value tensor does not become 1,024 tree nodes.
 */
public final class ImageInputDeserializer extends StdDeserializer<ImageInput> {
  private static final long serialVersionUID = 1L;
  private static final int MAX_DEPTH = 4;

  /**
   * The reader attribute holding the most values a tensor may have (an Integer: the served model's
   * input size); a longer tensor is refused while it is read, before it fills memory.
   */
  public static final String MAX_TENSOR_VALUES = "siamese.maxTensorValues";

  /** The tensor limit when no model is loaded: 3 x 128 x 128 values. */
  public static final int DEFAULT_MAX_TENSOR_VALUES = 3 * 128 * 128;

  /** Creates the deserializer. */
  public ImageInputDeserializer() {
    super(ImageInput.class);
  }

  /**
   * It holds nothing of a request (the tensor limit is read from the context each time), so Jackson
   * may keep one: otherwise it builds a new one for every image of every request (JFR: 4% of a
   * request thread's CPU at concurrency 64).
   */
  @Override
  public boolean isCachable() {
    return true;
  }

  @Override
  public ImageInput deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    String source = path(p);
    JsonToken token = p.currentToken();
    if (token == JsonToken.VALUE_STRING) {
      return new EncodedImage(decodeBase64(p.getText(), source), source);
    }
    if (token == JsonToken.START_OBJECT) {
      Object limit = ctxt.getAttribute(MAX_TENSOR_VALUES);
      return readTensor(p, source, limit instanceof Integer max ? max : DEFAULT_MAX_TENSOR_VALUES);
    }
    throw ApiException.invalid(
        source
            + ": an image must be a base64 string or an object {\"tensor\": [...], \"shape\": [...]}");
  }

  private static TensorImage readTensor(JsonParser p, String source, int maxValues)
      throws IOException {
    TensorReader tensor = null;
    int[] shape = new int[0];
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      if ("tensor".equals(name)) {
        if (value != JsonToken.START_ARRAY) {
          throw new ApiException(
              ErrorCode.INVALID_TENSOR, source + ".tensor: must be an array of numbers");
        }
        tensor = new TensorReader(source, maxValues);
        tensor.readArray(p, 0);
      } else if ("shape".equals(name)) {
        if (value != JsonToken.VALUE_NULL) {
          shape = readShape(p, source);
        }
      } else {
        throw ApiException.invalid(
            source + "." + name + ": unknown field (an image object takes tensor, shape)");
      }
    }
    if (tensor == null) {
      throw ApiException.invalid(source + ": an image object needs a \"tensor\" field");
    }
    return new TensorImage(tensor.values(), tensor.nesting(), shape, source);
  }

  private static int[] readShape(JsonParser p, String source) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new ApiException(
          ErrorCode.INVALID_TENSOR, source + ".shape: must be an array of positive integers");
    }
    int[] dims = new int[MAX_DEPTH + 1];
    int n = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.VALUE_NUMBER_INT
          || n == dims.length
          || p.getLongValue() < 1
          || p.getLongValue() > 1 << 20) {
        throw new ApiException(
            ErrorCode.INVALID_TENSOR,
            source + ".shape: must be an array of at most " + dims.length + " positive integers");
      }
      dims[n++] = p.getIntValue();
    }
    return Arrays.copyOf(dims, n);
  }

  /** Streams nested arrays of numbers into one float array, checking they are rectangular. */
  private static final class TensorReader {
    private final String source;
    private final int maxValues;
    private float[] values = new float[1024];
    private int size;
    private final int[] dims = new int[MAX_DEPTH];
    private final boolean[] seen = new boolean[MAX_DEPTH];
    private int depth = -1;

    TensorReader(String source, int maxValues) {
      this.source = source;
      this.maxValues = maxValues;
    }

    void readArray(JsonParser p, int level) throws IOException {
      if (level >= MAX_DEPTH) {
        throw error("nested more than " + MAX_DEPTH + " levels deep");
      }
      int count = plainNumbers(p, level);
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t == JsonToken.START_ARRAY) {
          if (depth == level) {
            throw error("is ragged: mixes numbers and arrays");
          }
          readArray(p, level + 1);
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
          number(level, p.getFloatValue());
          count += plainNumbers(p, level);
        } else {
          throw error("value " + size + " is " + describe(t) + "; tensor values must be numbers");
        }
        count++;
      }
      if (depth < 0 && count == 0) {
        depth = level;
      }
      if (level > depth) {
        throw error("is ragged: an empty array inside the tensor");
      }
      if (!seen[level]) {
        seen[level] = true;
        dims[level] = count;
      } else if (dims[level] != count) {
        throw error(
            "is ragged: rows of " + dims[level] + " and " + count + " values at depth " + level);
      }
    }

    /** The plain numbers that follow, taken in one pass where the parser can (most of them). */
    private int plainNumbers(JsonParser p, int level) throws IOException {
      return p instanceof NumberArrayParser fast ? fast.readFloats(v -> number(level, v)) : 0;
    }

    private void number(int level, float v) {
      if (depth < 0) {
        depth = level;
      } else if (depth != level) {
        throw error("is ragged: numbers at different depths");
      }
      add(v);
    }

    private void add(float v) {
      if (!Float.isFinite(v)) {
        throw error(
            "value "
                + size
                + " is "
                + (Float.isNaN(v) ? "NaN" : "infinite (out of float32 range)")
                + "; values must be finite");
      }
      if (size == maxValues) {
        throw error(
            "has more than "
                + maxValues
                + " values; the model's input takes "
                + maxValues
                + " (send one image a tensor)");
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, (int) Math.min(maxValues, size * 2L));
      }
      values[size++] = v;
    }

    float[] values() {
      return size == values.length ? values : Arrays.copyOf(values, size);
    }

    int[] nesting() {
      return Arrays.copyOf(dims, Math.max(depth, 0) + 1);
    }

    private ApiException error(String message) {
      return new ApiException(ErrorCode.INVALID_TENSOR, source + ".tensor " + message);
    }

    private static String describe(JsonToken t) {
      return switch (t) {
        case VALUE_STRING -> "a string";
        case VALUE_NULL -> "null";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case START_OBJECT -> "an object";
        default -> t.toString();
      };
    }
  }

  /** Decodes standard or URL-safe base64, with or without padding, line breaks or a data URL. */
  static byte[] decodeBase64(String text, String source) {
    String data = text;
    if (data.startsWith("data:")) {
      int comma = data.indexOf(',');
      if (comma < 0 || !data.substring(0, comma).endsWith(";base64")) {
        throw new ApiException(
            ErrorCode.INVALID_BASE64,
            source + ": a data URL must be \"data:<type>;base64,<data>\"");
      }
      data = data.substring(comma + 1);
    }
    try {
      return Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException first) {
      String compact = WHITESPACE.matcher(data).replaceAll("");
      try {
        return Base64.getDecoder().decode(compact);
      } catch (IllegalArgumentException e) {
        try {
          return Base64.getUrlDecoder().decode(compact);
        } catch (IllegalArgumentException ignored) {
          throw new ApiException(
              ErrorCode.INVALID_BASE64, source + ": not valid base64: " + whatIsWrong(data));
        }
      }
    }
  }

  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

  /** The first character that is not base64, with its position, or what else is wrong. */
  static String whatIsWrong(String data) {
    int significant = 0;
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      boolean alphabet =
          c >= 'A' && c <= 'Z'
              || c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || c == '+'
              || c == '/'
              || c == '-'
              || c == '_';
      if (Character.isWhitespace(c)) {
        continue;
      }
      if (c == '=') {
        String rest = data.substring(i).replaceAll("[=\\s]", "");
        if (!rest.isEmpty()) {
          return "padding '=' at position " + i + " is followed by more data";
        }
        break;
      }
      if (!alphabet) {
        String shown =
            c < 0x20 || c == 0x7f
                ? String.format(java.util.Locale.ROOT, "U+%04X", (int) c)
                : "'" + c + "'";
        return "character " + shown + " at position " + i + " is not a base64 character";
      }
      significant++;
    }
    return significant % 4 == 1
        ? "its length is wrong (" + significant + " base64 characters; a truncated string?)"
        : "it mixes the standard and URL-safe alphabets, or its padding is wrong";
  }

  /** The JSON path of the value at the parser, e.g. {@code pairs[1].a}. */
  static String path(JsonParser p) {
    JsonStreamContext context = p.getParsingContext();
    JsonToken token = p.currentToken();
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      context = context.getParent();
    }
    Deque<String> parts = new ArrayDeque<>();
    while (context != null && !context.inRoot()) {
      if (context.inArray()) {
        parts.addFirst("[" + context.getCurrentIndex() + "]");
      } else if (context.getCurrentName() != null) {
        parts.addFirst("." + context.getCurrentName());
      }
      context = context.getParent();
    }
    String path = String.join("", parts);
    return path.startsWith(".") ? path.substring(1) : path.isEmpty() ? "image" : path;
  }
}
