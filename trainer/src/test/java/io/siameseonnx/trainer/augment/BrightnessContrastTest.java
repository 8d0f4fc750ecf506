package io.siameseonnx.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Brightness and contrast jitter. */
class BrightnessContrastTest {
  @Test
  void noShiftAndAFactorOfOneLeaveTheImageAsItWas() {
    float[] image = TestImages.random(3, 4, 4, 1);

    float[] out = BrightnessContrast.apply(image, 0, 1);

    for (int i = 0; i < image.length; i++) {
      assertThat(out[i]).isCloseTo(image[i], within(1e-6f));
    }
  }

  @Test
  void brightnessIsAddedToEveryPixel() {
    float[] image = {0.2f, 0.4f, 0.6f, 0.5f};

    float[] out = BrightnessContrast.apply(image, 0.1, 1);

    assertThat(out).containsExactly(new float[] {0.3f, 0.5f, 0.7f, 0.6f}, within(1e-6f));
  }

  @Test
  void contrastScalesTheDistanceFromTheMean() {
    float[] image = {0.2f, 0.4f, 0.6f, 0.4f}; // mean 0.4

    float[] out = BrightnessContrast.apply(image, 0, 1.5);

    assertThat(out).containsExactly(new float[] {0.1f, 0.4f, 0.7f, 0.4f}, within(1e-6f));
  }

  @Test
  void theOrderOfPixelsNeverReversesAndValuesStayInRange() {
    float[] image = TestImages.random(3, 8, 8, 2);
    double[][] settings = {{0.2, 1.2}, {-0.2, 0.8}, {0.15, 0.85}, {-0.1, 1.19}};

    for (double[] s : settings) {
      float[] out = BrightnessContrast.apply(image, s[0], s[1]);

      for (int i = 0; i < image.length; i++) {
        assertThat(out[i]).isBetween(0f, 1f);
        for (int j = 0; j < image.length; j++) {
          if (image[i] < image[j]) {
            assertThat(out[i]).isLessThanOrEqualTo(out[j]);
          }
        }
      }
    }
  }

  @Test
  void equalPlanesStayEqual() {
    float[] image = TestImages.equalPlanes(3, 5, 5, 3);

    float[] out = BrightnessContrast.apply(image, -0.15, 1.2);

    assertThat(TestImages.plane(out, 3, 1)).containsExactly(TestImages.plane(out, 3, 0));
    assertThat(TestImages.plane(out, 3, 2)).containsExactly(TestImages.plane(out, 3, 0));
  }
}
