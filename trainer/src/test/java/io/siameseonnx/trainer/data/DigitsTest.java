package io.siameseonnx.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.PreprocessingSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DigitsTest {
  private static LabeledImages digits;

  @BeforeAll
  static void load() {
    digits = Digits.load(PreprocessingSpec.defaults());
  }

  @Test
  void allDigitsLoadAsThirtyTwoByThirtyTwoImagesInTheUnitRange() {
    assertThat(digits.size()).isEqualTo(1797);
    for (float[] image : digits.images()) {
      assertThat(image).hasSize(1024);
      for (float v : image) {
        assertThat(v).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void thereAreTenClassesNamedByTheirDigit() {
    assertThat(digits.numClasses()).isEqualTo(10);
    assertThat(digits.classNames())
        .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    // scikit-learn's documented class sizes
    assertThat(digits.classCounts())
        .containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
  }

  @Test
  void theFirstDigitIsTheFirstCsvRowScaledAndResized() {
    float[] firstRow = {
      0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0,
      8, 8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6,
      13, 10, 0, 0, 0
    };
    float[] expected =
        new ImagePreprocessor(PreprocessingSpec.defaults()).fromPixels(firstRow, 8, 8, 16f);

    assertThat(digits.labels()[0]).isZero();
    assertThat(digits.labels()[1]).isEqualTo(1);
    assertThat(digits.images()[0]).containsExactly(expected);
  }

  @Test
  void theSpecDecidesTheImageSize() {
    LabeledImages small = Digits.load(PreprocessingSpec.of(8, 8));

    // at 8x8 nothing is resampled: the values are the raw ones divided by 16
    assertThat(small.images()[0]).hasSize(64);
    assertThat(small.images()[0][3]).isEqualTo(13f / 16f);
  }

  @Test
  void loadingIsDeterministic() {
    assertThat(Digits.load(PreprocessingSpec.defaults()).fingerprint())
        .isEqualTo(digits.fingerprint());
  }
}
