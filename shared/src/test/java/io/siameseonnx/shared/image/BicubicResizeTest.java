package io.siameseonnx.shared.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BicubicResizeTest {
  private static final float TOLERANCE = 1e-5f;

  // Keys' cubic kernel with a = -0.5, evaluated by hand at the offsets that occur below:
  // k(0.25) = (1.5 * 0.25 - 2.5) * 0.25^2 + 1 = 0.8671875
  // k(0.75) = (1.5 * 0.75 - 2.5) * 0.75^2 + 1 = 0.2265625
  // k(1.25) = -0.5 * (((1.25 - 5) * 1.25 + 8) * 1.25 - 4) = -0.0703125
  private static final double K025 = 0.8671875;
  private static final double K075 = 0.2265625;
  private static final double K125 = -0.0703125;

  @Test
  void upscalingTwoPixelsToFourFollowsPillowsBorderNormalisedWeights() {
    // Scale 0.5: centres at 0.25, 0.75, 1.25, 1.75; support 2 covers both input pixels but the
    // kernel is cut at the border, so each row of weights is divided by its own sum.
    float a = 0.2f;
    float b = 0.9f;
    float[] out = resize(new float[] {a, b}, 2, 1, 4, 1);

    double[] expected = {
      (K025 * a + K125 * b) / (K025 + K125),
      (K025 * a + K075 * b) / (K025 + K075),
      (K075 * a + K025 * b) / (K075 + K025),
      (K125 * a + K025 * b) / (K125 + K025),
    };
    for (int i = 0; i < 4; i++) {
      assertThat((double) out[i]).as("pixel %d", i).isCloseTo(expected[i], within(1e-6));
    }
  }

  @Test
  void downscalingFourPixelsToTwoWidensTheKernelByTheScaleFactor() {
    // Scale 2: the kernel is stretched to support 4 and evaluated at (x - centre + 0.5) / 2,
    // i.e. at -0.25, 0.25, 0.75, 1.25 for output 0 (centre 1.0) and mirrored for output 1.
    float[] in = {0.0f, 0.25f, 0.5f, 1.0f};
    float[] out = resize(in, 4, 1, 2, 1);

    double sum = K025 + K025 + K075 + K125;
    double first = (K025 * in[0] + K025 * in[1] + K075 * in[2] + K125 * in[3]) / sum;
    double second = (K125 * in[0] + K075 * in[1] + K025 * in[2] + K025 * in[3]) / sum;
    assertThat((double) out[0]).isCloseTo(first, within(1e-6));
    assertThat((double) out[1]).isCloseTo(second, within(1e-6));
  }

  @Test
  void upscalingAnEightByEightRampMatchesPillow() {
    float[] in = new float[64];
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        in[y * 8 + x] = (x + 8 * y) / 64f;
      }
    }
    assertMatches(resize(in, 8, 8, 32, 32), PillowBicubicReference.RAMP_8_TO_32);
  }

  @Test
  void downscalingAFortyByFortyPatternMatchesPillow() {
    float[] in = new float[40 * 40];
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 40; x++) {
        in[y * 40 + x] = ((x * 7 + y * 13) % 17) / 16f;
      }
    }
    assertMatches(resize(in, 40, 40, 32, 32), PillowBicubicReference.PATTERN_40_TO_32);
  }

  @Test
  void resizingEachAxisTheOtherWayMatchesPillow() {
    float[] in = new float[5 * 3];
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 5; x++) {
        in[y * 5 + x] = ((x * 3 + y * 5) % 7) / 8f;
      }
    }
    assertMatches(resize(in, 5, 3, 2, 7), PillowBicubicReference.ODD_5X3_TO_2X7);
  }

  @Test
  void aConstantImageStaysConstantWhenResized() {
    float[] in = new float[45 * 17];
    java.util.Arrays.fill(in, 0.3f);
    float[] up = resize(in, 45, 17, 32, 32);
    float[] down = resize(new float[] {0.3f, 0.3f, 0.3f, 0.3f}, 2, 2, 32, 32);
    for (int i = 0; i < up.length; i++) {
      assertThat(up[i]).as("pixel %d", i).isCloseTo(0.3f, within(1e-6f));
      assertThat(down[i]).as("pixel %d", i).isCloseTo(0.3f, within(1e-6f));
    }
  }

  @Test
  void anImageAlreadyAtTheTargetSizeIsCopiedUnchanged() {
    float[] in = {0.1f, 0.7f, 0.3f, 0.9f};
    float[] out = resize(in, 2, 2, 2, 2);
    assertThat(out).containsExactly(in).isNotSameAs(in);
  }

  @Test
  void thePreprocessorClampsBicubicOvershootToTheUnitRange() {
    float[] in = new float[64];
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        in[y * 8 + x] = (x + 8 * y) / 64f;
      }
    }
    float[] pillow = PillowBicubicReference.RAMP_8_TO_32;
    assertThat(pillow[0]).as("Pillow undershoots at the border").isNegative();

    float[] out = new ImagePreprocessor(PreprocessingSpec.of(32, 32)).fromPixels(in, 8, 8, 1f);

    for (int i = 0; i < pillow.length; i++) {
      float clamped = Math.max(0f, Math.min(1f, pillow[i]));
      assertThat(out[i]).as("pixel %d", i).isCloseTo(clamped, within(TOLERANCE));
    }
  }

  @Test
  void aSharpEdgeStaysWithinTheUnitRangeAfterPreprocessing() {
    float[] in = {0, 0, 16, 16, 0, 0, 16, 16, 16, 16, 0, 0, 16, 16, 0, 0};

    float[] out = new ImagePreprocessor(PreprocessingSpec.of(32, 32)).fromPixels(in, 4, 4, 16f);
    float[] raw = Resampler.resize(divide(in, 16f), 4, 4, 32, 32);

    float rawMin = Float.MAX_VALUE;
    float rawMax = -Float.MAX_VALUE;
    for (float v : raw) {
      rawMin = Math.min(rawMin, v);
      rawMax = Math.max(rawMax, v);
    }
    assertThat(rawMin).as("bicubic undershoot").isLessThan(0f);
    assertThat(rawMax).as("bicubic overshoot").isGreaterThan(1f);
    for (int i = 0; i < out.length; i++) {
      assertThat(out[i]).as("pixel %d", i).isBetween(0f, 1f);
    }
  }

  private static float[] divide(float[] in, float by) {
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = in[i] / by;
    }
    return out;
  }

  private static float[] resize(float[] in, int w, int h, int outW, int outH) {
    // The resampler itself, unclamped, is what must equal Pillow's mode-"F" resize.
    return Resampler.resize(in, w, h, outW, outH);
  }

  private static void assertMatches(float[] actual, float[] pillow) {
    assertThat(actual).hasSameSizeAs(pillow);
    for (int i = 0; i < pillow.length; i++) {
      assertThat(actual[i]).as("pixel %d", i).isCloseTo(pillow[i], within(TOLERANCE));
    }
  }
}
