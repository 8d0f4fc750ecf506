package io.siameseonnx.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The seed article's synthetic pair task: smooth random 32x32 gray images, about half of them with
 * a light-gray filled rectangle; "similar" means both images carry a rectangle. Everything is
 * deterministic for a seed.
 */
public final class SyntheticRectangles {
  /** Side length of every image. */
  public static final int SIZE = 32;

  /**
   * The rectangle's gray level: the article writes 25 into a [0, 1] image and converts with {@code
   * (img * 255).astype(uint8)}, and 25 x 255 = 6375 wraps to 231.
   */
  public static final float RECT_GRAY = 231f / 255f;

  private static final int WAVES = 3;

  /**
   * The two image pools.
   *
   * @param one images with a rectangle (the positive pool)
   * @param zero images without one (the negative pool)
   */
  public record Pools(float[][] one, float[][] zero) {}

  private SyntheticRectangles() {}

  /**
   * Generates {@code count} random images (200 in the seed) and gives each, by a coin flip, a
   * rectangle.
   */
  public static Pools generate(int count, long seed) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    Random rnd = new Random(seed);
    List<float[]> one = new ArrayList<>();
    List<float[]> zero = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      float[] image = randomImage(rnd);
      if (rnd.nextBoolean()) {
        drawRectangle(image, rnd);
        one.add(image);
      } else {
        zero.add(image);
      }
    }
    return new Pools(one.toArray(float[][]::new), zero.toArray(float[][]::new));
  }

  /**
   * A 32x32 gray image in [0, 1] in the style of the Python package {@code randimage}: each RGB
   * channel is a smooth field (a sum of a few low-frequency plane waves, stretched to a random
   * range), the channels are rounded down to 8 bits and converted to gray as PIL's {@code
   * convert('L')} does, so every value is some k/255.
   */
  public static float[] randomImage(Random rnd) {
    int[][] channels = new int[3][];
    for (int c = 0; c < 3; c++) {
      channels[c] = smoothChannel(rnd);
    }
    float[] gray = new float[SIZE * SIZE];
    for (int i = 0; i < gray.length; i++) {
      // Pillow's L24: ITU-R 601-2 luma in 16-bit fixed point, rounded.
      int luma =
          (channels[0][i] * 19595 + channels[1][i] * 38470 + channels[2][i] * 7471 + 0x8000) >> 16;
      gray[i] = luma / 255f;
    }
    return gray;
  }

  private static int[] smoothChannel(Random rnd) {
    double[] fx = new double[WAVES];
    double[] fy = new double[WAVES];
    double[] amp = new double[WAVES];
    double[] phase = new double[WAVES];
    for (int w = 0; w < WAVES; w++) {
      fx[w] = (rnd.nextDouble() * 2 - 1) * 1.5; // at most 1.5 cycles across the image
      fy[w] = (rnd.nextDouble() * 2 - 1) * 1.5;
      amp[w] = 0.5 + rnd.nextDouble() * 0.5;
      phase[w] = rnd.nextDouble() * 2 * Math.PI;
    }
    double low = rnd.nextDouble() * 0.4;
    double high = 0.6 + rnd.nextDouble() * 0.4;
    double[] field = new double[SIZE * SIZE];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        double v = 0;
        for (int w = 0; w < WAVES; w++) {
          v += amp[w] * Math.cos(2 * Math.PI * (fx[w] * x + fy[w] * y) / SIZE + phase[w]);
        }
        field[y * SIZE + x] = v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    int[] out = new int[field.length];
    for (int i = 0; i < field.length; i++) {
      double unit = max > min ? (field[i] - min) / (max - min) : 0.5;
      // numpy's astype(uint8) truncates
      out[i] = Math.min(255, (int) ((low + (high - low) * unit) * 255));
    }
    return out;
  }

  /**
   * Fills rows a..c-1 and columns b..d-1 with {@link #RECT_GRAY}, a and b uniform in [0, 8), c and
   * d uniform in [16, 32).
   */
  static void drawRectangle(float[] image, Random rnd) {
    int a = rnd.nextInt(8);
    int b = rnd.nextInt(8);
    int c = 16 + rnd.nextInt(16);
    int d = 16 + rnd.nextInt(16);
    for (int row = a; row < c; row++) {
      for (int col = b; col < d; col++) {
        image[row * SIZE + col] = RECT_GRAY;
      }
    }
  }

  /**
   * Draws {@code n} pairs, each by a coin flip: similar (label 1) = two draws with replacement from
   * {@code one}; dissimilar (label 0) = one from {@code one} first and one from {@code zero}. Two
   * negatives are never paired, as in the article.
   */
  public static PairSet pairs(Pools pools, int n, Random rnd) {
    if (pools.one().length == 0 || pools.zero().length == 0) {
      throw new IllegalArgumentException(
          "both pools need images: "
              + pools.one().length
              + " with a rectangle, "
              + pools.zero().length
              + " without");
    }
    float[][] first = new float[n][];
    float[][] second = new float[n][];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      first[i] = pools.one()[rnd.nextInt(pools.one().length)];
      if (rnd.nextBoolean()) {
        second[i] = pools.one()[rnd.nextInt(pools.one().length)];
        labels[i] = 1;
      } else {
        second[i] = pools.zero()[rnd.nextInt(pools.zero().length)];
        labels[i] = 0;
      }
    }
    return new PairSet(first, second, labels);
  }
}
