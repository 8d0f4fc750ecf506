package io.siameseonnx.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Mirroring a CHW image. */
class HorizontalFlipTest {
  @Test
  void everyRowOfEveryChannelIsReversed() {
    float[] image = TestImages.random(3, 4, 5, 1);

    float[] out = HorizontalFlip.apply(image, 3, 4, 5);

    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 5; x++) {
          assertThat(out[(c * 4 + y) * 5 + x]).isEqualTo(image[(c * 4 + y) * 5 + 4 - x]);
        }
      }
    }
  }

  @Test
  void twoFlipsGiveTheImageBack() {
    float[] image = TestImages.random(1, 6, 7, 2);

    float[] twice = HorizontalFlip.apply(HorizontalFlip.apply(image, 1, 6, 7), 1, 6, 7);

    assertThat(twice).containsExactly(image);
    assertThat(HorizontalFlip.apply(image, 1, 6, 7)).isNotEqualTo(image);
  }
}
