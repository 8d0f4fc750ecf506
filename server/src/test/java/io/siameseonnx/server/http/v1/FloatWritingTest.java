package io.siameseonnx.server.http.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.server.http.FloatWritingGenerator;
import io.siameseonnx.server.http.ShortestFloat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Floats written by the server's generator ({@link ShortestFloat}) are Jackson's text byte for
 * byte, and read back as the same floats.
 *
 * <p>Checked once against every float in {@link ShortestFloat}'s range (278,048,231 of them, each
 * with both signs): {@code ./mvnw -B -o test -pl shared,model,server -Dtest=FloatWritingTest
 * -Dsurefire.failIfNoSpecifiedTests=false -DshortestFloat.exhaustive=true} (2.5 minutes); without
 * the property that test takes every 157th.
 */
class FloatWritingTest {
  private final ObjectMapper mapper = ApiJson.mapper();
  private final ObjectMapper jackson = ApiJson.mapper(new JsonFactory());

  @Test
  void theServersGeneratorWritesTheFloats() throws Exception {
    try (JsonGenerator g = mapper.createGenerator(new ByteArrayOutputStream())) {
      assertThat(g).isInstanceOf(FloatWritingGenerator.class);
    }
    try (JsonGenerator g = jackson.createGenerator(new ByteArrayOutputStream())) {
      assertThat(g).isNotInstanceOf(FloatWritingGenerator.class);
    }
  }

  @Test
  void floatsAcrossTheRangeAreJacksonsTextAndReadBack() {
    boolean exhaustive = Boolean.getBoolean("shortestFloat.exhaustive");
    int stride = exhaustive ? 1 : 157;
    int from = Float.floatToRawIntBits(ShortestFloat.MIN);
    int to = Float.floatToRawIntBits(ShortestFloat.MAX);
    byte[] out = new byte[ShortestFloat.MAX_LENGTH];
    long checked = 0;
    for (int bits = from; bits <= to && bits >= from; bits += stride) {
      checkBoth(Float.intBitsToFloat(bits), out);
      checked++;
    }
    assertThat(checked).isEqualTo((to - from) / stride + 1);
  }

  @Test
  void theHardCasesAreJacksonsText() {
    byte[] out = new byte[ShortestFloat.MAX_LENGTH];
    List<Float> cases = new ArrayList<>();
    for (int e = -9; e <= 23; e++) {
      float power = Math.scalb(1f, e);
      // Powers of two: the float below is closer than the one above.
      cases.addAll(List.of(power, Math.nextDown(power), Math.nextUp(power)));
    }
    for (int k = -2; k <= 6; k++) {
      float ten = (float) Math.pow(10, k);
      for (int d = 1; d <= 9; d++) {
        float v = d * ten;
        cases.addAll(List.of(v, Math.nextDown(v), Math.nextUp(v), v * 1.5f, v / 3));
      }
    }
    cases.addAll(List.of(ShortestFloat.MIN, ShortestFloat.MAX, 0.1f, 0.2f, 0.3f, 1f / 3, 2f / 3));
    cases.addAll(
        List.of(0.0883883f, 0.125f, 0.5f, 1.5f, 100f, 1234567f, 9876543.5f, 16777216f / 4));
    Random random = new Random(11);
    for (int i = 0; i < 200_000; i++) {
      // Embedding-like values: L2-normalised 128-d components, and distances.
      cases.add((float) (random.nextGaussian() / Math.sqrt(128)));
      cases.add((float) (random.nextDouble() * 2));
    }
    for (float v : cases) {
      if (Math.abs(v) >= ShortestFloat.MIN && Math.abs(v) <= ShortestFloat.MAX) {
        checkBoth(v, out);
      }
    }
    assertThat(written(0f, out)).isEqualTo("0.0");
    assertThat(written(-0f, out)).isEqualTo("-0.0");
  }

  @Test
  void valuesOutsideTheRangeAreLeftToJackson() {
    byte[] out = new byte[ShortestFloat.MAX_LENGTH];
    for (float v :
        new float[] {
          Math.nextDown(ShortestFloat.MIN),
          1e-3f,
          1e-4f,
          Float.MIN_VALUE,
          Float.MIN_NORMAL,
          Math.nextUp(ShortestFloat.MAX),
          1e7f,
          Float.MAX_VALUE,
          Float.NaN,
          Float.POSITIVE_INFINITY,
          Float.NEGATIVE_INFINITY
        }) {
      Arrays.fill(out, (byte) 'x');
      assertThat(ShortestFloat.write(v, out, 0)).as("%s", v).isEqualTo(-1);
      assertThat(ShortestFloat.write(-v, out, 1)).as("%s", -v).isEqualTo(-1);
      assertThat(out[0]).isEqualTo((byte) 'x');
    }
  }

  @Test
  void wholeAnswersAreJacksonsBytes() throws Exception {
    Random random = new Random(3);
    float[][] embeddings = new float[40][128];
    for (float[] e : embeddings) {
      for (int i = 0; i < e.length; i++) {
        double r = random.nextDouble();
        e[i] =
            r < 0.02
                ? (float) (random.nextGaussian() * 1e-5)
                : r < 0.04 ? (float) (random.nextGaussian() * 1e9) : (float) random.nextGaussian();
      }
    }
    embeddings[0][0] = Float.NaN;
    embeddings[0][1] = Float.NEGATIVE_INFINITY;
    embeddings[0][2] = -0f;
    Map<String, Object> answer = Map.of("model", "m", "embeddings", embeddings, "d", 0.25f);
    assertThat(new String(mapper.writeValueAsBytes(answer), StandardCharsets.UTF_8))
        .isEqualTo(new String(jackson.writeValueAsBytes(answer), StandardCharsets.UTF_8));
    // The generator's buffer fills and flushes mid-array when written to a stream.
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    ByteArrayOutputStream theirs = new ByteArrayOutputStream();
    mapper.writeValue(ours, answer);
    jackson.writeValue(theirs, answer);
    assertThat(ours.toByteArray()).isEqualTo(theirs.toByteArray());
    // Numbers written as strings are Jackson's too.
    ObjectMapper quoted =
        mapper
            .copy()
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS);
    ObjectMapper quotedJackson =
        jackson
            .copy()
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS);
    assertThat(quoted.writeValueAsString(answer))
        .isEqualTo(quotedJackson.writeValueAsString(answer));
  }

  private static void checkBoth(float v, byte[] out) {
    check(v, out);
    check(-v, out);
  }

  private static void check(float v, byte[] out) {
    String ours = written(v, out);
    String theirs = com.fasterxml.jackson.core.io.NumberOutput.toString(v, true);
    if (!ours.equals(theirs) || Float.parseFloat(ours) != v) {
      throw new AssertionError(
          "float "
              + v
              + " (bits "
              + Integer.toHexString(Float.floatToRawIntBits(v))
              + "): wrote "
              + ours
              + ", Jackson writes "
              + theirs);
    }
  }

  private static String written(float v, byte[] out) {
    int end = ShortestFloat.write(v, out, 0);
    assertThat(end).as("%s", v).isPositive();
    return new String(out, 0, end, StandardCharsets.US_ASCII);
  }
}
