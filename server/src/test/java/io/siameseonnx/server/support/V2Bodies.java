package io.siameseonnx.server.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds Open Inference Protocol request bodies (JSON and binary) and reads their answers. */
public final class V2Bodies {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private V2Bodies() {}

  /** The shape of {@code n} 1x32x32 images. */
  public static List<Long> shape(int n) {
    return List.of((long) n, 1L, 32L, 32L);
  }

  /** An FP32 input whose data is the images, flat. */
  public static Map<String, Object> floats(String name, float[]... images) {
    List<Float> data = new ArrayList<>();
    for (float[] image : images) {
      for (float v : image) {
        data.add(v);
      }
    }
    return input(name, "FP32", shape(images.length), data);
  }

  /** The encoded-image input {@code image_bytes} holding the files as base64 strings. */
  public static Map<String, Object> files(byte[]... files) {
    List<String> data = new ArrayList<>();
    for (byte[] file : files) {
      data.add(Base64.getEncoder().encodeToString(file));
    }
    return input("image_bytes", "BYTES", List.of((long) files.length), data);
  }

  /** An input with the given data (any JSON value). */
  public static Map<String, Object> input(
      String name, String datatype, List<Long> shape, Object data) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("name", name);
    input.put("datatype", datatype);
    input.put("shape", shape);
    input.put("data", data);
    return input;
  }

  /** An input whose data is sent as binary, {@code size} bytes of it. */
  public static Map<String, Object> binaryInput(
      String name, String datatype, List<Long> shape, int size) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("name", name);
    input.put("datatype", datatype);
    input.put("shape", shape);
    input.put("parameters", Map.of("binary_data_size", size));
    return input;
  }

  /** Images as little-endian float32, one after the other. */
  public static byte[] littleEndian(float[]... images) {
    int n = Arrays.stream(images).mapToInt(i -> i.length).sum();
    ByteBuffer bytes = ByteBuffer.allocate(n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] image : images) {
      for (float v : image) {
        bytes.putFloat(v);
      }
    }
    return bytes.array();
  }

  /** BYTES elements as the binary extension lays them out: a 4-byte length, then the bytes. */
  public static byte[] elements(byte[]... elements) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] e : elements) {
      out.writeBytes(
          ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(e.length).array());
      out.writeBytes(e);
    }
    return out.toByteArray();
  }

  /** A binary-extension body: the JSON, then the binary parts; and the JSON's length. */
  public record Binary(byte[] body, int jsonLength) {
    /** The headers to send with it. */
    public Map<String, String> headers() {
      return Map.of(
          "Inference-Header-Content-Length",
          Integer.toString(jsonLength),
          "Content-Type",
          "application/octet-stream");
    }
  }

  /** The JSON of {@code request} followed by {@code parts}. */
  public static Binary binary(Object request, byte[]... parts) {
    byte[] json = json(request);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(json);
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return new Binary(out.toByteArray(), json.length);
  }

  /**
   * An embedding request for {@code images} in the binary extension both ways: the images as binary
   * FP32 input {@code image}, the embedding asked for as binary output.
   */
  public static Binary binaryEmbeddings(float[]... images) {
    int values = Arrays.stream(images).mapToInt(i -> i.length).sum();
    Map<String, Object> request = new LinkedHashMap<>();
    request.put(
        "inputs",
        List.of(binaryInput("image", "FP32", shape(images.length), values * Float.BYTES)));
    request.put(
        "outputs", List.of(Map.of("name", "embedding", "parameters", Map.of("binary_data", true))));
    return binary(request, littleEndian(images));
  }

  /** A value as JSON bytes. */
  public static byte[] json(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A binary answer: its JSON, and the binary data after it. */
  public record Answer(JsonNode json, byte[] binary) {
    /** The binary data as little-endian float32. */
    public float[] floats() {
      float[] values = new float[binary.length / Float.BYTES];
      ByteBuffer.wrap(binary).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      return values;
    }
  }

  /** Splits an answer at its Inference-Header-Content-Length (the whole body without one). */
  public static Answer answer(Http.Raw reply) {
    int length =
        reply
            .header("Inference-Header-Content-Length")
            .map(Integer::parseInt)
            .orElse(reply.body().length);
    try {
      JsonNode json = MAPPER.readTree(new String(reply.body(), 0, length, StandardCharsets.UTF_8));
      return new Answer(json, Arrays.copyOfRange(reply.body(), length, reply.body().length));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The numbers of a JSON {@code data} array as float32, each read from its text (so that a float
   * written as its shortest decimal comes back to the same bits).
   */
  public static float[] data(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = Float.parseFloat(array.get(i).asText());
    }
    return values;
  }
}
