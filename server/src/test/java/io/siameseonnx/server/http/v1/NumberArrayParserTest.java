package io.siameseonnx.server.http.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.server.http.NumberArrayParser;
import io.siameseonnx.server.service.TensorImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Tensors read from a byte stream (the server's way, through {@link NumberArrayParser}) give
 * exactly what Jackson's own parser gives from the same text: every value bit for bit, and every
 * refusal with the same message.
 */
class NumberArrayParserTest {
  private final ObjectMapper mapper = ApiJson.mapper();
  private final ObjectMapper jackson = ApiJson.mapper(new com.fasterxml.jackson.core.JsonFactory());

  @Test
  void theServersParserIsTheFastOneAndTheReferenceIsJacksons() throws Exception {
    try (JsonParser p = mapper.createParser(new ByteArrayInputStream("[1]".getBytes()))) {
      assertThat(p).isInstanceOf(NumberArrayParser.class);
    }
    try (JsonParser p = jackson.createParser(new ByteArrayInputStream("[1]".getBytes()))) {
      assertThat(p).isNotInstanceOf(NumberArrayParser.class);
    }
  }

  @Test
  void everyKindOfNumberParsesAsJacksonParsesIt() throws Exception {
    Random random = new Random(5);
    for (int round = 0; round < 40; round++) {
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        numbers.add(number(random));
      }
      String separator = round % 3 == 0 ? ", " : round % 3 == 1 ? ",\n  " : ",";
      String json =
          "{\"images\": [{\"tensor\": ["
              + String.join(separator, numbers)
              + "], \"shape\": null}]}";
      assertSameFloats(json, numbers);
    }
  }

  @Test
  void floatsHalfwayBetweenTwoFloatsRoundOnceAsJacksonDoes() throws Exception {
    // Decimal values just above and below, and at, the midpoints between neighbouring floats.
    List<String> numbers = new ArrayList<>();
    Random random = new Random(9);
    for (int i = 0; i < 3000; i++) {
      float f = random.nextFloat();
      double mid = ((double) f + Math.nextUp(f)) / 2;
      numbers.add(new java.math.BigDecimal(mid).round(new java.math.MathContext(15)).toString());
      numbers.add(String.format(Locale.ROOT, "%.9f", mid));
      numbers.add(Double.toString(mid));
    }
    String json = "{\"images\": [{\"tensor\": [" + String.join(",", numbers) + "]}]}";
    assertSameFloats(json, numbers);
  }

  @Test
  void nestedTensorsAndRefusalsAreJacksonsAndTheDeserializers() throws Exception {
    String pad = "0.5, ".repeat(1700); // past the parser's first buffer
    for (String tensor :
        List.of(
            "[[0.25, 1, -0], [2e-3, 1E2, 0.0]]",
            "[[0.25, 1], [2, 3, 4]]",
            "[0.25, [1]]",
            "[[0.25], 1]",
            "[" + pad + "01]",
            "[" + pad + "1.]",
            "[" + pad + ".5]",
            "[" + pad + "-]",
            "[" + pad + "1e]",
            "[" + pad + "+1]",
            "[" + pad + "1.5x]",
            "[" + pad + "1.5}",
            "[" + pad + "1.5",
            "[" + pad + "1,,2]",
            "[" + pad + "1,]",
            "[" + pad + "NaN]",
            "[" + pad + "-Infinity]",
            "[" + pad + "1e39]",
            "[" + pad + "\"1\"]",
            "[" + pad + "1e0005]",
            "[" + pad + "1.5\r\n, 2]",
            "[" + pad + "123456789012345678901234567890]",
            "[" + pad + "1.4e-45, 1e-50, 3.4028235e38]")) {
      String json = "{\"images\": [{\"tensor\": " + tensor + "}]}";
      Object fast = outcome(json, true);
      Object reference = outcome(json, false);
      assertThat(fast).as(tensor.substring(Math.max(0, tensor.length() - 40))).isEqualTo(reference);
    }
  }

  private void assertSameFloats(String json, List<String> numbers) throws Exception {
    float[] fast = tensor(json, true);
    float[] reference = tensor(json, false);
    assertThat(fast).hasSize(numbers.size());
    for (int i = 0; i < fast.length; i++) {
      assertThat(Float.floatToRawIntBits(fast[i]))
          .as("%s", numbers.get(i))
          .isEqualTo(Float.floatToRawIntBits(reference[i]));
    }
  }

  private static String number(Random random) {
    return switch (random.nextInt(9)) {
      case 0 -> Float.toString(random.nextFloat());
      case 1 ->
          Float.toString((float) (random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10)));
      case 2 -> Double.toString(random.nextGaussian());
      case 3 -> Integer.toString(random.nextInt(2001) - 1000);
      case 4 -> String.format(Locale.ROOT, "%.6f", random.nextDouble());
      case 5 -> String.format(Locale.ROOT, "%.3e", random.nextGaussian() * 1e5);
      case 6 -> random.nextBoolean() ? "-0" : "-0.0";
      case 7 -> Long.toString(random.nextLong() >>> random.nextInt(64));
      default -> Float.toString(Float.intBitsToFloat(random.nextInt() & 0x7effffff) % 1e30f);
    };
  }

  /** The first image's tensor, read by the server's parser ({@code fast}) or Jackson's. */
  private float[] tensor(String json, boolean fast) throws Exception {
    return ((TensorImage) read(json, fast).images().get(0)).values();
  }

  private EmbeddingsRequest read(String json, boolean fast) throws Exception {
    return (fast ? mapper : jackson)
        .readValue(
            new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
            EmbeddingsRequest.class);
  }

  /** The values and nesting, or the refusal's class and message. */
  private Object outcome(String json, boolean fast) {
    try {
      TensorImage t = (TensorImage) read(json, fast).images().get(0);
      return java.util.Arrays.toString(t.values()) + java.util.Arrays.toString(t.nesting());
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String message = String.valueOf(root.getMessage());
      return root.getClass().getSimpleName() + ": " + message;
    }
  }
}
