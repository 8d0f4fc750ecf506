package io.siameseonnx.trainer.augment;

/** Mirrors a CHW image left to right: every row of every channel reversed. */
final class HorizontalFlip {
  private HorizontalFlip() {}

  /**
   * {@code image} ({@code channels} planes of {@code height} x {@code width}) mirrored; a new
   * array.
   */
  static float[] apply(float[] image, int channels, int height, int width) {
    float[] out = new float[image.length];
    for (int row = 0; row < channels * height; row++) {
      int start = row * width;
      for (int x = 0; x < width; x++) {
        out[start + x] = image[start + width - 1 - x];
      }
    }
    return out;
  }
}
