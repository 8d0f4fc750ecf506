package io.siameseonnx.shared.image;

/**
 * A decoded grayscale image at its own size, values in [0, 1], row-major.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param pixels {@code width * height} values
 */
public record GrayImage(int width, int height, float[] pixels) {
  /** Checks that the pixel array matches the size. */
  public GrayImage {
    if (width <= 0 || height <= 0 || pixels.length != width * height) {
      throw new IllegalArgumentException("pixel array does not match " + width + "x" + height);
    }
  }
}
