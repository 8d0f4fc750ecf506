package io.siameseonnx.trainer.augment;

import java.util.SplittableRandom;

/**
 * The part of an image a resized crop keeps, in whole pixels.
 *
 * @param top first row
 * @param left first column
 * @param height rows kept
 * @param width columns kept
 */
record CropWindow(int top, int left, int height, int width) {
  /** Tries to draw a window this many times before it falls back to the whole image. */
  private static final int ATTEMPTS = 10;

  /** Checks that the window is not empty. */
  CropWindow {
    if (top < 0 || left < 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException("a crop window needs a place and a size");
    }
  }

  /** The whole {@code height} x {@code width} image. */
  static CropWindow whole(int height, int width) {
    return new CropWindow(0, 0, height, width);
  }

  /**
   * A random window of an {@code height} x {@code width} image, as torchvision's {@code
   * RandomResizedCrop} draws it: an area share and a log-uniform aspect ratio within the
   * augmentation's ranges, then a place uniformly; the whole image when ten draws do not fit.
   */
  static CropWindow random(int height, int width, Augmentation a, SplittableRandom rnd) {
    double area = (double) height * width;
    double logMin = Math.log(a.minAspect());
    double logMax = Math.log(a.maxAspect());
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double target = area * uniform(rnd, a.minArea(), a.maxArea());
      double aspect = Math.exp(uniform(rnd, logMin, logMax));
      int w = (int) Math.round(Math.sqrt(target * aspect));
      int h = (int) Math.round(Math.sqrt(target / aspect));
      if (w > 0 && h > 0 && w <= width && h <= height) {
        int top = rnd.nextInt(height - h + 1);
        int left = rnd.nextInt(width - w + 1);
        return new CropWindow(top, left, h, w);
      }
    }
    return whole(height, width);
  }

  private static double uniform(SplittableRandom rnd, double low, double high) {
    return low == high ? low : low + (high - low) * rnd.nextDouble();
  }
}
