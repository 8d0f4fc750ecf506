package io.siameseonnx.server.http.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import io.siameseonnx.server.http.NumberArrayParser;
import io.siameseonnx.server.http.v1.ApiJson;
import io.siameseonnx.server.oip.InferenceModel;
import io.siameseonnx.server.oip.TensorData;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * v2 JSON tensor data read by the server's parser ({@link NumberArrayParser}) is what Jackson's own
 * parser reads from the same bytes: the same floats bit for bit and the same refusals, with the
 * binary extension's JSON length honoured.
 */
class InferRequestReaderTest {
  private static final InferenceModel.Limits LIMITS = new InferenceModel.Limits(100_000, 10);
  private final InferRequestReader fast = new InferRequestReader(ApiJson.mapper().getFactory());
  private final InferRequestReader jackson =
      new InferRequestReader(ApiJson.mapper(new JsonFactory()).getFactory());

  @Test
  void theServersFactoryParsesArraysWithTheFastParser() throws Exception {
    byte[] json = "[1, 2]".getBytes(StandardCharsets.UTF_8);
    try (var p = ApiJson.mapper().getFactory().createParser(json, 0, json.length)) {
      assertThat(p).isInstanceOf(NumberArrayParser.class);
    }
  }

  @Test
  void flatAndNestedDataParseAsJacksonParsesThem() {
    Random random = new Random(13);
    for (int round = 0; round < 20; round++) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < 2048; i++) {
        values.add(
            switch (random.nextInt(4)) {
              case 0 -> Float.toString(random.nextFloat());
              case 1 -> String.format(Locale.ROOT, "%.9e", random.nextGaussian());
              case 2 -> Integer.toString(random.nextInt(511) - 255);
              default -> Double.toString(random.nextGaussian() * 1e-3);
            });
      }
      String data =
          round % 2 == 0
              ? "[" + String.join(", ", values) + "]"
              : "[["
                  + String.join(",", values.subList(0, 1024))
                  + "],\n ["
                  + String.join(",", values.subList(1024, 2048))
                  + "]]";
      String body =
          "{\"id\": \"r\", \"inputs\": [{\"name\": \"image\", \"datatype\": \"FP32\", \"shape\":"
              + " [2, 1, 32, 32], \"data\": "
              + data
              + "}]}";
      assertThat(outcome(fast, body)).isEqualTo(outcome(jackson, body));
      assertThat(outcome(fast, body)).startsWith("[");
    }
  }

  @Test
  void refusalsAreTheSameAndTheJsonLengthIsHonoured() {
    String pad = "0.5, ".repeat(2000);
    for (String data :
        List.of(
            "[" + pad + "01]",
            "[" + pad + "1.]",
            "[" + pad + "\"a\"]",
            "[" + pad + "[1]]",
            "[[1, 2], [3]]",
            "[" + pad + "NaN]",
            "[" + pad + "1e39]",
            "[" + pad + "1,]")) {
      String body =
          "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"FP32\", \"shape\": [1], \"data\": "
              + data
              + "}]}";
      assertThat(outcome(fast, body)).isEqualTo(outcome(jackson, body));
    }
    // JSON followed by binary data: only the declared JSON length is parsed.
    String json =
        "{\"inputs\": [{\"name\": \"image\", \"datatype\": \"FP32\", \"shape\": [2], \"data\":"
            + " [0.25, 1]}, {\"name\": \"more\", \"datatype\": \"FP32\", \"shape\": [2],"
            + " \"parameters\": {\"binary_data_size\": 8}}]}";
    byte[] body = Arrays.copyOf(json.getBytes(StandardCharsets.UTF_8), json.length() + 8);
    body[json.length()] = ']';
    assertThat(numbers(fast.read(body, json.length(), LIMITS).inputs().get(0).data()))
        .startsWith("[0.25, 1.0]");
  }

  @Test
  void integerParametersAreLongsAndBigIntegersOnlyBeyondTheirRange() {
    String json =
        "{\"parameters\": {\"small\": -7, \"edge\": 9223372036854775807, \"big\":"
            + " 9223372036854775808, \"real\": 1.5}, \"inputs\": [{\"name\": \"image\","
            + " \"datatype\": \"FP32\", \"shape\": [1], \"data\": [0.5]}]}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    var parameters = fast.read(body, body.length, LIMITS).parameters();
    assertThat(parameters.get("small")).isEqualTo(-7L);
    assertThat(parameters.get("edge")).isEqualTo(Long.MAX_VALUE);
    assertThat(parameters.get("big")).isEqualTo(new BigInteger("9223372036854775808"));
    assertThat(parameters.get("real")).isEqualTo(1.5);
  }

  private static String outcome(InferRequestReader reader, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try {
      return numbers(reader.read(bytes, bytes.length, LIMITS).inputs().get(0).data());
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private static String numbers(TensorData data) {
    TensorData.Numbers n = (TensorData.Numbers) data;
    StringBuilder bits = new StringBuilder(Arrays.toString(n.values()));
    for (float v : n.values()) {
      bits.append(Float.floatToRawIntBits(v)).append(' ');
    }
    return bits.append(Arrays.toString(n.nesting())).toString();
  }
}
