package io.siameseonnx.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** An augmenter's draws: repeatable, channel-consistent, in range, and none when told none. */
class AugmenterTest {
  private static final long[] RGB = {3, 12, 10};

  @Test
  void noneReturnsTheImageItselfUnchanged() {
    float[] image = TestImages.random(3, 12, 10, 1);
    float[] copy = image.clone();
    Augmenter none = new Augmenter(Augmentation.none(), RGB, 7);

    float[] out = none.apply(image);

    assertThat(out).isSameAs(image);
    assertThat(image).containsExactly(copy);
  }

  @Test
  void photoKeepsTheSizeAndTheRangeAndLeavesTheInputAlone() {
    float[] image = TestImages.random(3, 12, 10, 2);
    float[] copy = image.clone();
    Augmenter photo = new Augmenter(Augmentation.photo(), RGB, 7);

    for (int i = 0; i < 50; i++) {
      float[] out = photo.apply(image);

      assertThat(out).hasSize(image.length).isNotSameAs(image);
      for (float v : out) {
        assertThat(v).isBetween(0f, 1f);
      }
    }
    assertThat(image).containsExactly(copy);
  }

  @Test
  void everyChannelGetsTheSameChanges() {
    float[] image = TestImages.equalPlanes(3, 12, 10, 3);
    Augmenter photo = new Augmenter(Augmentation.photo(), RGB, 8);

    for (int i = 0; i < 50; i++) {
      float[] out = photo.apply(image);

      assertThat(TestImages.plane(out, 3, 1)).containsExactly(TestImages.plane(out, 3, 0));
      assertThat(TestImages.plane(out, 3, 2)).containsExactly(TestImages.plane(out, 3, 0));
    }
  }

  @Test
  void theSameSeedGivesTheSameImagesAndAnotherSeedOthers() {
    float[] image = TestImages.random(1, 16, 16, 4);
    long[] gray = {1, 16, 16};
    Augmenter a = new Augmenter(Augmentation.photo(), gray, 11);
    Augmenter b = new Augmenter(Augmentation.photo(), gray, 11);
    Augmenter c = new Augmenter(Augmentation.photo(), gray, 12);

    boolean anyDifferent = false;
    for (int i = 0; i < 5; i++) {
      float[] fromA = a.apply(image);
      assertThat(b.apply(image)).containsExactly(fromA);
      anyDifferent |= !Arrays.equals(c.apply(image), fromA);
    }
    assertThat(anyDifferent).isTrue();
  }

  @Test
  void eachCallDrawsAfresh() {
    float[] image = TestImages.random(1, 16, 16, 5);
    Augmenter a = new Augmenter(Augmentation.parse("crop,jitter"), new long[] {1, 16, 16}, 3);

    assertThat(a.apply(image)).isNotEqualTo(a.apply(image));
  }

  @Test
  void flipAloneGivesTheImageOrItsMirrorBothOften() {
    float[] image = TestImages.random(3, 12, 10, 6);
    float[] mirror = HorizontalFlip.apply(image, 3, 12, 10);
    Augmenter flip = new Augmenter(Augmentation.parse("flip"), RGB, 9);

    int mirrored = 0;
    for (int i = 0; i < 200; i++) {
      float[] out = flip.apply(image);
      boolean isMirror = Arrays.equals(out, mirror);
      assertThat(isMirror || Arrays.equals(out, image)).isTrue();
      mirrored += isMirror ? 1 : 0;
    }
    // p = 0.5: 200 draws give 100 +- 7; 70 to 130 fails about once in 10^5
    assertThat(mirrored).isBetween(70, 130);
  }
}
