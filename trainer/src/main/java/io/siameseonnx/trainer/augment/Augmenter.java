package io.siameseonnx.trainer.augment;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Applies an {@link Augmentation} to the training images of one run, drawing fresh changes for each
 * image it is given: crop, then flip, then jitter, each one only when the augmentation names it.
 * Its random draws come from its own generator seeded with the run's seed, so a run repeats
 * exactly, and a run without augmentation draws nothing and is the same as before it existed. Not
 * safe for use by several threads at once: one augmenter serves one training loop.
 */
public final class Augmenter {
  private final Augmentation augmentation;
  private final int channels;
  private final int height;
  private final int width;
  private final SplittableRandom random;

  /**
   * An augmenter for images of shape {@code chw} (channels, height, width).
   *
   * @param augmentation what to change
   * @param chw the images' channels, height and width
   * @param seed seed of the random changes
   */
  public Augmenter(Augmentation augmentation, long[] chw, long seed) {
    if (chw.length != 3 || chw[0] <= 0 || chw[1] <= 0 || chw[2] <= 0) {
      throw new IllegalArgumentException("an image shape is channels, height, width");
    }
    this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
    this.channels = Math.toIntExact(chw[0]);
    this.height = Math.toIntExact(chw[1]);
    this.width = Math.toIntExact(chw[2]);
    this.random = new SplittableRandom(seed);
  }

  /**
   * {@code image} with this call's random changes, as a new array; {@code image} itself, untouched,
   * when the augmentation is none.
   */
  public float[] apply(float[] image) {
    if (image.length != channels * height * width) {
      throw new IllegalArgumentException(
          "an image of "
              + image.length
              + " values is not "
              + channels
              + "x"
              + height
              + "x"
              + width);
    }
    if (augmentation.isNone()) {
      return image;
    }
    float[] out = image;
    if (augmentation.crop()) {
      CropWindow window = CropWindow.random(height, width, augmentation, random);
      out = ResizedCrop.apply(out, channels, height, width, window);
    }
    if (augmentation.flip() && random.nextDouble() < augmentation.flipProbability()) {
      out = HorizontalFlip.apply(out, channels, height, width);
    }
    if (augmentation.jitter()) {
      double brightness = symmetric(augmentation.brightness());
      double contrast = 1 + symmetric(augmentation.contrast());
      out = BrightnessContrast.apply(out, brightness, contrast);
    }
    return out == image ? image.clone() : out;
  }

  /** A value drawn uniformly from [-range, range]. */
  private double symmetric(double range) {
    return range * (2 * random.nextDouble() - 1);
  }
}
