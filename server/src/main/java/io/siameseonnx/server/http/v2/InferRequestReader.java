package io.siameseonnx.server.http.v2;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.siameseonnx.server.http.ApiException;
import io.siameseonnx.server.http.ErrorCode;
import io.siameseonnx.server.http.NumberArrayParser;
import io.siameseonnx.server.http.RequestReader;
import io.siameseonnx.server.oip.InferRequest;
import io.siameseonnx.server.oip.InferenceModel;
import io.siameseonnx.server.oip.InputTensor;
import io.siameseonnx.server.oip.Parameters;
import io.siameseonnx.server.oip.RequestedOutput;
import io.siameseonnx.server.oip.TensorData;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an inference request: its JSON object, streamed (tensor data goes straight into float
 * arrays, never into a tree), and the binary tensors that follow it when the binary extension is
 * used. What the request may hold is bounded before it is allocated: tensor data stops at the
 * model's limits whatever the shape claims, and each {@code binary_data_size} must lie within the
 * bytes actually sent.
 */
final class InferRequestReader {
  /** Data nested deeper than this is refused (the models take rank 4 at most). */
  private static final int MAX_DEPTH = 8;

  private final JsonFactory json;

  InferRequestReader(JsonFactory json) {
    this.json = json;
  }

  /**
   * Reads the request in {@code body}: JSON in its first {@code jsonLength} bytes, binary tensor
   * data after them.
   *
   * @throws ApiException (400) for anything that is not a well-formed request
   */
  InferRequest read(byte[] body, int jsonLength, InferenceModel.Limits limits) {
    try (JsonParser p = json.createParser(body, 0, jsonLength)) {
      Request request = new Request(limits);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw invalid("the request must be a JSON object");
      }
      request.readObject(p);
      for (long i = p.currentLocation().getByteOffset(); i < jsonLength; i++) {
        if (!Character.isWhitespace(body[(int) i])) {
          throw invalid(
              "the request has data after its JSON object (binary tensor data needs the "
                  + InferHandler.HEADER_LENGTH
                  + " header)");
        }
      }
      return request.finish(body, jsonLength);
    } catch (JsonProcessingException e) {
      throw RequestReader.notJson(e);
    } catch (IOException e) {
      throw new ApiException(ErrorCode.INVALID_JSON, "request body cannot be read: " + e);
    }
  }

  private static ApiException invalid(String message) {
    return new ApiException(ErrorCode.INVALID_JSON, message);
  }

  /** One input as read: its data is either in the JSON or, sized, in the binary part. */
  private static final class Input {
    String name;
    String datatype;
    long[] shape;
    Map<String, Object> parameters = Map.of();
    TensorData data;
  }

  /** The state of one request being read: what is read so far, and what may still be read. */
  private static final class Request {
    private final InferenceModel.Limits limits;
    private long numbersLeft;
    private long stringsLeft;
    private Optional<String> id = Optional.empty();
    private Map<String, Object> parameters = Map.of();
    private final List<Input> inputs = new ArrayList<>();
    private final List<RequestedOutput> outputs = new ArrayList<>();
    private boolean sawInputs;

    Request(InferenceModel.Limits limits) {
      this.limits = limits;
      this.numbersLeft = limits.numbers();
      this.stringsLeft = limits.strings();
    }

    void readObject(JsonParser p) throws IOException {
      for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
        JsonToken value = p.nextToken();
        switch (field) {
          case "id" -> {
            if (value != JsonToken.VALUE_STRING) {
              throw invalid("\"id\" must be a string");
            }
            id = Optional.of(p.getText());
          }
          case "parameters" -> parameters = readParameters(p, "parameters");
          case "inputs" -> {
            requireArray(value, "inputs");
            sawInputs = true;
            while (p.nextToken() != JsonToken.END_ARRAY) {
              inputs.add(readInput(p, "inputs[" + inputs.size() + "]"));
            }
          }
          case "outputs" -> {
            requireArray(value, "outputs");
            while (p.nextToken() != JsonToken.END_ARRAY) {
              outputs.add(readOutput(p, "outputs[" + outputs.size() + "]"));
            }
          }
          default -> p.skipChildren();
        }
      }
    }

    InferRequest finish(byte[] body, int jsonLength) {
      if (!sawInputs || inputs.isEmpty()) {
        throw invalid("\"inputs\" is required and must hold at least one input");
      }
      int at = jsonLength;
      List<InputTensor> tensors = new ArrayList<>(inputs.size());
      for (int i = 0; i < inputs.size(); i++) {
        Input input = inputs.get(i);
        Object size = input.parameters.get(Parameters.BINARY_DATA_SIZE);
        String where = "inputs[" + i + "] ('" + input.name + "')";
        if (size != null) {
          if (input.data != null) {
            throw invalid(where + " has both \"data\" and a binary_data_size");
          }
          if (!(size instanceof Long length) || length < 0) {
            throw invalid(where + ": binary_data_size must be a non-negative integer");
          }
          if (length > body.length - at) {
            throw invalid(
                where
                    + ": binary_data_size is "
                    + length
                    + " but only "
                    + (body.length - at)
                    + " bytes of binary data are left");
          }
          input.data = new TensorData.Raw(ByteBuffer.wrap(body, at, (int) (long) length).slice());
          at += (int) (long) length;
        } else if (input.data == null) {
          throw invalid(where + " has neither \"data\" nor a binary_data_size");
        }
        tensors.add(
            new InputTensor(input.name, input.datatype, input.shape, input.parameters, input.data));
      }
      if (at != body.length) {
        throw invalid(
            (body.length - jsonLength)
                + " bytes of binary data follow the JSON, but the inputs' binary_data_size add up"
                + " to "
                + (at - jsonLength));
      }
      return new InferRequest(id, parameters, tensors, outputs);
    }

    private Input readInput(JsonParser p, String where) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw invalid(where + " must be an object");
      }
      Input input = new Input();
      for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
        JsonToken value = p.nextToken();
        switch (field) {
          case "name" -> input.name = string(p, value, where + ".name");
          case "datatype" -> input.datatype = string(p, value, where + ".datatype");
          case "shape" -> input.shape = readShape(p, value, where + ".shape");
          case "parameters" -> input.parameters = readParameters(p, where + ".parameters");
          case "data" -> {
            requireArray(value, where + ".data");
            input.data = new DataReader(where + ".data", input.shape).read(p);
          }
          default -> p.skipChildren();
        }
      }
      for (Object[] required :
          new Object[][] {
            {input.name, "name"}, {input.datatype, "datatype"}, {input.shape, "shape"}
          }) {
        if (required[0] == null) {
          throw invalid(where + "." + required[1] + " is required");
        }
      }
      return input;
    }

    private RequestedOutput readOutput(JsonParser p, String where) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw invalid(where + " must be an object");
      }
      String name = null;
      Map<String, Object> params = Map.of();
      for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
        JsonToken value = p.nextToken();
        switch (field) {
          case "name" -> name = string(p, value, where + ".name");
          case "parameters" -> params = readParameters(p, where + ".parameters");
          default -> p.skipChildren();
        }
      }
      if (name == null) {
        throw invalid(where + ".name is required");
      }
      return new RequestedOutput(name, params);
    }

    /** Nested arrays of numbers or of strings, rectangular, within the request's limits. */
    private final class DataReader {
      private final String where;
      private float[] numbers;
      private int numberCount;
      private List<String> strings;
      private final int[] dims = new int[MAX_DEPTH];
      private final boolean[] seen = new boolean[MAX_DEPTH];
      private int leafDepth = -1;

      DataReader(String where, long[] shape) {
        this.where = where;
        // When the shape came first, size the array once (within the limit) instead of growing it.
        long expected = shape == null ? 0 : product(shape);
        this.numbers = new float[(int) Math.max(16, Math.min(expected, numbersLeft))];
      }

      TensorData read(JsonParser p) throws IOException {
        readArray(p, 0);
        int[] nesting = Arrays.copyOf(dims, Math.max(leafDepth, 0) + 1);
        if (strings != null) {
          return new TensorData.Strings(strings, nesting);
        }
        return new TensorData.Numbers(
            numberCount == numbers.length ? numbers : Arrays.copyOf(numbers, numberCount), nesting);
      }

      private void readArray(JsonParser p, int level) throws IOException {
        if (level >= MAX_DEPTH) {
          throw invalid(where + " is nested more than " + MAX_DEPTH + " levels deep");
        }
        int count = plainNumbers(p, level);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          if (t == JsonToken.START_ARRAY) {
            if (leafDepth == level) {
              throw invalid(where + " is ragged: it mixes values and arrays");
            }
            readArray(p, level + 1);
          } else {
            leaf(level);
            add(p, t);
            if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
              count += plainNumbers(p, level);
            }
          }
          count++;
        }
        if (leafDepth < 0 && count == 0) {
          leafDepth = level;
        }
        if (level > leafDepth) {
          throw invalid(where + " is ragged: an empty array inside the data");
        }
        if (!seen[level]) {
          seen[level] = true;
          dims[level] = count;
        } else if (dims[level] != count) {
          throw invalid(
              where
                  + " is ragged: rows of "
                  + dims[level]
                  + " and "
                  + count
                  + " at depth "
                  + level);
        }
      }

      private void leaf(int level) {
        if (leafDepth < 0) {
          leafDepth = level;
        } else if (leafDepth != level) {
          throw invalid(where + " is ragged: values at different depths");
        }
      }

      /** The plain numbers that follow, taken in one pass where the parser can (most of them). */
      private int plainNumbers(JsonParser p, int level) throws IOException {
        if (!(p instanceof NumberArrayParser fast) || strings != null) {
          return 0;
        }
        return fast.readFloats(
            v -> {
              leaf(level);
              number(v);
            });
      }

      private ApiException tooMany(String what, long limit) {
        return invalid(
            where + " holds more " + what + " than a request may (" + limit + " over all inputs)");
      }

      private void number(float value) {
        if (strings != null) {
          throw invalid(where + " mixes numbers and strings");
        }
        if (numbersLeft == 0) {
          throw tooMany("numbers", limits.numbers());
        }
        if (numberCount == numbers.length) {
          numbers =
              Arrays.copyOf(
                  numbers, (int) Math.min((long) numbers.length * 2, numberCount + numbersLeft));
        }
        numbers[numberCount++] = value;
        numbersLeft--;
      }

      private void add(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
          number(p.getFloatValue());
        } else if (t == JsonToken.VALUE_STRING) {
          if (numberCount > 0) {
            throw invalid(where + " mixes numbers and strings");
          }
          if (stringsLeft == 0) {
            throw tooMany("strings", limits.strings());
          }
          if (strings == null) {
            strings = new ArrayList<>();
          }
          strings.add(p.getText());
          stringsLeft--;
        } else {
          throw invalid(
              where + " holds " + describe(t) + "; tensor data must be numbers or strings");
        }
      }
    }
  }

  private static long product(long[] shape) {
    long p = 1;
    for (long d : shape) {
      if (d < 0 || (d > 0 && p > Long.MAX_VALUE / d)) {
        return Long.MAX_VALUE;
      }
      p *= d;
    }
    return p;
  }

  private static long[] readShape(JsonParser p, JsonToken value, String where) throws IOException {
    requireArray(value, where);
    long[] dims = new long[MAX_DEPTH];
    int n = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (n == MAX_DEPTH) {
        throw invalid(where + " has more than " + MAX_DEPTH + " dimensions");
      }
      if (t != JsonToken.VALUE_NUMBER_INT
          || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw invalid(where + " must be an array of non-negative integers");
      }
      long d = p.getLongValue();
      if (d < 0) {
        throw invalid(where + " must be an array of non-negative integers, got " + d);
      }
      dims[n++] = d;
    }
    return Arrays.copyOf(dims, n);
  }

  private static Map<String, Object> readParameters(JsonParser p, String where) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw invalid(where + " must be an object");
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      Object value =
          switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> integer(p);
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            default ->
                throw invalid(where + "." + name + " must be a string, a number or a boolean");
          };
      parameters.put(name, value);
    }
    return parameters;
  }

  /** An integer parameter: a {@link Long}, or a {@link BigInteger} beyond its range. */
  private static Object integer(JsonParser p) throws IOException {
    if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return p.getLongValue();
    }
    BigInteger value = p.getBigIntegerValue();
    return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
  }

  private static String string(JsonParser p, JsonToken value, String where) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw invalid(where + " must be a string");
    }
    return p.getText();
  }

  private static void requireArray(JsonToken value, String where) {
    if (value != JsonToken.START_ARRAY) {
      throw invalid(where + " must be an array");
    }
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case VALUE_NULL -> "null";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case START_OBJECT -> "an object";
      default -> t.toString();
    };
  }
}
