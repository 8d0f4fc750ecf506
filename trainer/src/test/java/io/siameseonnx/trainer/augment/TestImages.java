package io.siameseonnx.trainer.augment;

import java.util.Arrays;
import java.util.Random;

/**
 * Images for the augmentation tests: random values in [0, 1], optionally the same in each plane.
 */
final class TestImages {
  private TestImages() {}

  /** {@code channels} planes of {@code height} x {@code width} random values. */
  static float[] random(int channels, int height, int width, long seed) {
    Random rnd = new Random(seed);
    float[] image = new float[channels * height * width];
    for (int i = 0; i < image.length; i++) {
      image[i] = rnd.nextFloat();
    }
    return image;
  }

  /** {@code channels} copies of one random plane. */
  static float[] equalPlanes(int channels, int height, int width, long seed) {
    float[] plane = random(1, height, width, seed);
    float[] image = new float[channels * plane.length];
    for (int c = 0; c < channels; c++) {
      System.arraycopy(plane, 0, image, c * plane.length, plane.length);
    }
    return image;
  }

  /** Plane {@code c} of a CHW image. */
  static float[] plane(float[] image, int channels, int c) {
    int size = image.length / channels;
    return Arrays.copyOfRange(image, c * size, (c + 1) * size);
  }
}
