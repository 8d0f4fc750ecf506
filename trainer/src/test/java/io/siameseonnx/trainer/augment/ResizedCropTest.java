package io.siameseonnx.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random windows and their bilinear resampling back to the image's size. */
class ResizedCropTest {
  @Test
  void theWholeWindowGivesTheImageBack() {
    float[] image = TestImages.random(3, 6, 7, 1);

    float[] out = ResizedCrop.apply(image, 3, 6, 7, CropWindow.whole(6, 7));

    assertThat(out).containsExactly(image);
  }

  @Test
  void aCropKeepsTheSizeAndStaysWithinTheValuesOfItsWindow() {
    float[] image = TestImages.random(1, 8, 8, 2);
    CropWindow window = new CropWindow(2, 3, 4, 5);
    float low = 1;
    float high = 0;
    for (int y = 2; y < 6; y++) {
      for (int x = 3; x < 8; x++) {
        low = Math.min(low, image[y * 8 + x]);
        high = Math.max(high, image[y * 8 + x]);
      }
    }

    float[] out = ResizedCrop.apply(image, 1, 8, 8, window);

    assertThat(out).hasSize(64);
    for (float v : out) {
      assertThat(v).isBetween(low, high);
    }
  }

  @Test
  void aHorizontalRampCroppedToItsLeftHalfIsStretchedLinearly() {
    // value = column / 7: the left half (columns 0-3) stretched to 8 columns
    float[] image = new float[8 * 8];
    for (int i = 0; i < image.length; i++) {
      image[i] = (i % 8) / 7f;
    }

    float[] out = ResizedCrop.apply(image, 1, 8, 8, new CropWindow(0, 0, 8, 4));

    // source column of output x: (x + 0.5) / 2 - 0.5, clamped to [0, 3]
    for (int x = 0; x < 8; x++) {
      double src = Math.max(0, Math.min(3, (x + 0.5) / 2 - 0.5));
      assertThat((double) out[3 * 8 + x]).isCloseTo(src / 7, within(1e-6));
    }
  }

  @Test
  void theSameWindowIsCutFromEveryChannel() {
    float[] image = TestImages.equalPlanes(3, 9, 11, 3);
    SplittableRandom rnd = new SplittableRandom(4);

    for (int i = 0; i < 20; i++) {
      CropWindow window = CropWindow.random(9, 11, Augmentation.photo(), rnd);
      float[] out = ResizedCrop.apply(image, 3, 9, 11, window);

      assertThat(TestImages.plane(out, 3, 1)).containsExactly(TestImages.plane(out, 3, 0));
      assertThat(TestImages.plane(out, 3, 2)).containsExactly(TestImages.plane(out, 3, 0));
    }
  }

  @Test
  void randomWindowsFitTheImageWithinTheAreaAndAspectRanges() {
    SplittableRandom rnd = new SplittableRandom(5);
    Augmentation photo = Augmentation.photo();

    for (int i = 0; i < 200; i++) {
      CropWindow w = CropWindow.random(64, 48, photo, rnd);

      assertThat(w.top() + w.height()).isLessThanOrEqualTo(64);
      assertThat(w.left() + w.width()).isLessThanOrEqualTo(48);
      double area = (double) w.height() * w.width() / (64 * 48);
      // whole pixels round the drawn size a little either way
      assertThat(area).isBetween(0.55, 1.0);
      assertThat((double) w.width() / w.height()).isBetween(0.7, 1.4);
    }
  }
}
