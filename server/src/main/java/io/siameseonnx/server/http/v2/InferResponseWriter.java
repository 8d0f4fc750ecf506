package io.siameseonnx.server.http.v2;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.siameseonnx.server.oip.InferRequest;
import io.siameseonnx.server.oip.InferResult;
import io.siameseonnx.server.oip.OutputTensor;
import io.siameseonnx.server.oip.Parameters;
import io.siameseonnx.server.oip.RequestedOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an inference response: a JSON object, followed by the binary data of the outputs the
 * client asked to get as binary ({@code binary_data} on the output, else {@code binary_data_output}
 * on the request), in the order of the outputs.
 */
final class InferResponseWriter {
  private final JsonFactory json;

  InferResponseWriter(JsonFactory json) {
    this.json = json;
  }

  /**
   * The response body.
   *
   * @param bytes the JSON object and any binary data after it
   * @param jsonLength the JSON object's length; less than {@code bytes.length} when binary data
   *     follows
   */
  record Body(byte[] bytes, int jsonLength) {
    boolean hasBinary() {
      return jsonLength < bytes.length;
    }
  }

  Body write(InferResult result, InferRequest request) {
    List<OutputTensor> outputs = result.outputs();
    boolean[] binary = new boolean[outputs.size()];
    int binaryBytes = 0;
    for (int i = 0; i < outputs.size(); i++) {
      binary[i] = binary(request, outputs.get(i).name());
      if (binary[i]) {
        binaryBytes += outputs.get(i).elementCount() * Float.BYTES;
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model_name", result.modelName());
      g.writeStringField("model_version", result.modelVersion());
      if (result.id().isPresent()) {
        g.writeStringField("id", result.id().get());
      }
      if (!result.parameters().isEmpty()) {
        g.writeFieldName("parameters");
        writeParameters(g, result.parameters());
      }
      g.writeArrayFieldStart("outputs");
      for (int i = 0; i < outputs.size(); i++) {
        OutputTensor output = outputs.get(i);
        g.writeStartObject();
        g.writeStringField("name", output.name());
        g.writeStringField("datatype", output.datatype());
        g.writeArrayFieldStart("shape");
        for (long d : output.shape()) {
          g.writeNumber(d);
        }
        g.writeEndArray();
        if (binary[i]) {
          g.writeObjectFieldStart("parameters");
          g.writeNumberField(Parameters.BINARY_DATA_SIZE, output.elementCount() * Float.BYTES);
          g.writeEndObject();
        } else {
          g.writeArrayFieldStart("data");
          for (float[] chunk : output.chunks()) {
            for (float v : chunk) {
              g.writeNumber(v);
            }
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int jsonLength = out.size();
    if (binaryBytes == 0) {
      return new Body(out.toByteArray(), jsonLength);
    }
    // The binary data goes straight into the body, after the JSON: no copy of it in between.
    byte[] body = Arrays.copyOf(out.toByteArray(), jsonLength + binaryBytes);
    int at = jsonLength;
    for (int i = 0; i < outputs.size(); i++) {
      if (binary[i]) {
        outputs.get(i).writeLittleEndian(body, at);
        at += outputs.get(i).elementCount() * Float.BYTES;
      }
    }
    return new Body(body, jsonLength);
  }

  /** Whether an output goes back as binary: its own {@code binary_data}, else the request's. */
  private static boolean binary(InferRequest request, String output) {
    Optional<Boolean> own = Optional.empty();
    for (RequestedOutput r : request.outputs()) {
      if (r.name().equals(output)) {
        own = Parameters.bool(r.parameters(), Parameters.BINARY_DATA);
      }
    }
    return own.orElseGet(
        () -> Parameters.bool(request.parameters(), Parameters.BINARY_DATA_OUTPUT).orElse(false));
  }

  private static void writeParameters(JsonGenerator g, Map<String, Object> parameters)
      throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, Object> e : parameters.entrySet()) {
      g.writeFieldName(e.getKey());
      Object v = e.getValue();
      if (v instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (v instanceof Long l) {
        g.writeNumber(l);
      } else if (v instanceof Double d) {
        g.writeNumber(d);
      } else if (v instanceof BigInteger big) {
        g.writeNumber(big);
      } else {
        g.writeString(String.valueOf(v));
      }
    }
    g.writeEndObject();
  }
}
