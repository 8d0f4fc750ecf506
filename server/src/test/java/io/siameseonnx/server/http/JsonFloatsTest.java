package io.siameseonnx.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.server.http.v1.ApiJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonFloatsTest {
  private static final ObjectMapper API = ApiJson.mapper();

  /** Every number of a JSON array, read by {@link JsonFloats} and by Jackson's getFloatValue. */
  private static List<float[]> readBothWays(String json) throws IOException {
    List<float[]> pairs = new ArrayList<>();
    // Bytes and characters take different Jackson parsers; both must agree.
    for (JsonParser p :
        List.of(
            API.getFactory().createParser(json.getBytes(StandardCharsets.UTF_8)),
            API.getFactory().createParser(json))) {
      try (p) {
        assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          float fast = JsonFloats.read(p);
          pairs.add(new float[] {fast, p.getFloatValue()});
        }
      }
    }
    return pairs;
  }

  private static void assertSameBits(String json) throws IOException {
    for (float[] pair : readBothWays(json)) {
      assertThat(Float.floatToRawIntBits(pair[0]))
          .as("%s vs %s", pair[0], pair[1])
          .isEqualTo(Float.floatToRawIntBits(pair[1]));
    }
  }

  @Test
  void randomFloatsAsJavaAndJacksonWriteThemParseToTheSameBitsAsJackson() throws IOException {
    Random random = new Random(7);
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 20_000; i++) {
      float v = Float.intBitsToFloat(random.nextInt());
      if (!Float.isFinite(v)) {
        continue;
      }
      json.append(json.length() > 1 ? "," : "").append(v);
      // Pixels as clients send them, and decimals longer than a float needs (double rounding).
      json.append(',').append(random.nextFloat());
      json.append(',').append(new BigDecimal(random.nextDouble()).toPlainString());
    }
    assertSameBits(json.append(']').toString());
  }

  @Test
  void integersExponentsAndSignsParseAsJacksonParsesThem() throws IOException {
    assertSameBits("[0, 1, -1, 16777217, 0.0, -0.0, 1e-45, 1.4e-45, 3.4028235e38, 1E3, -2.5e-3]");
  }

  @Test
  void numbersBeyondTheFloatRangeBecomeInfinitySoTheApiCanRefuseThem() throws IOException {
    for (float[] pair : readBothWays("[1e39, -1e39, NaN, Infinity, -Infinity]")) {
      assertThat(Float.isFinite(pair[0])).isFalse();
      assertThat(Float.floatToRawIntBits(pair[0])).isEqualTo(Float.floatToRawIntBits(pair[1]));
    }
  }

  @Test
  void numbersLongerThanJacksonsLimitAreRefusedBeforeTheyAreRead() throws IOException {
    String digits = "0." + "1".repeat(2_000);
    try (JsonParser p = API.getFactory().createParser("[" + digits + "]")) {
      p.nextToken();
      assertThatThrownBy(
              () -> {
                p.nextToken();
                JsonFloats.read(p);
              })
          .isInstanceOf(StreamConstraintsException.class);
    }
  }
}
