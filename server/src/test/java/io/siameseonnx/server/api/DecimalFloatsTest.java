package io.siameseonnx.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalFloatsTest {
  private static float parse(String text) {
    long bits = DecimalFloats.parse(text.toCharArray(), 0, text.length());
    return bits == DecimalFloats.UNSUPPORTED
        ? Float.parseFloat(text)
        : Float.intBitsToFloat((int) bits);
  }

  @Test
  void everyFloatsShortestTextParsesBackToItself() {
    Random random = new Random(1);
    for (int i = 0; i < 200_000; i++) {
      float f = i % 2 == 0 ? random.nextFloat() : Float.intBitsToFloat(random.nextInt());
      if (!Float.isFinite(f)) {
        continue;
      }
      String text = Float.toString(f);
      assertThat(Float.floatToIntBits(parse(text))).as(text).isEqualTo(Float.floatToIntBits(f));
      String asDouble = Double.toString(f);
      assertThat(parse(asDouble)).as(asDouble).isEqualTo(Float.parseFloat(asDouble));
    }
  }

  @Test
  void decimalsRoundAsFloatParseFloatDoes() {
    Random random = new Random(2);
    for (int i = 0; i < 200_000; i++) {
      String text =
          (random.nextBoolean() ? "-" : "")
              + random.nextInt(1000)
              + "."
              + Math.abs(random.nextLong() % 1_000_000_000_000L)
              + (random.nextBoolean() ? "e" + (random.nextInt(40) - 20) : "");
      assertThat(parse(text)).as(text).isEqualTo(Float.parseFloat(text));
    }
  }

  @Test
  void theFastPathCoversTypicalTensorValuesAndLeavesTheRest() {
    assertThat(DecimalFloats.parse("0.73087823".toCharArray(), 0, 10))
        .isNotEqualTo(DecimalFloats.UNSUPPORTED);
    assertThat(parse("-0.0")).isEqualTo(-0.0f);
    assertThat(parse("1E+2")).isEqualTo(100f);
    for (String text :
        new String[] {
          "NaN", "Infinity", "1e40", "12345678901234567890", "", "-", "1e", "0x10", "1.5.2"
        }) {
      assertThat(DecimalFloats.parse(text.toCharArray(), 0, text.length()))
          .as(text)
          .isEqualTo(DecimalFloats.UNSUPPORTED);
    }
  }
}
