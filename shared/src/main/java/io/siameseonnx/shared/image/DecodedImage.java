package io.siameseonnx.shared.image;

/**
 * A decoded image at its own size: {@code channels} planes (1: gray; 3: red, green, blue), values
 * in [0, 1], each plane row-major (CHW).
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param channels planes (1 or 3)
 * @param pixels {@code channels * width * height} values, plane after plane
 */
public record DecodedImage(int width, int height, int channels, float[] pixels) {
  /** Checks that the pixel array matches the size. */
  public DecodedImage {
    if (width <= 0
        || height <= 0
        || channels <= 0
        || pixels.length != (long) channels * width * height) {
      throw new IllegalArgumentException(
          "pixel array does not match " + channels + "x" + width + "x" + height);
    }
  }

  /** A one-plane (gray) image. */
  public static DecodedImage gray(int width, int height, float[] pixels) {
    return new DecodedImage(width, height, 1, pixels);
  }

  /** One plane's values (a copy-free view is not possible with arrays, so this copies). */
  public float[] plane(int channel) {
    int size = width * height;
    float[] out = new float[size];
    System.arraycopy(pixels, channel * size, out, 0, size);
    return out;
  }
}
