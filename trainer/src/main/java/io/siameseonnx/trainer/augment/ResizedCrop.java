package io.siameseonnx.trainer.augment;

/**
 * Cuts a window out of a CHW image and resamples it back to the image's size by bilinear
 * interpolation (pixel centres aligned, as in OpenCV's and PyTorch's {@code align_corners=false}),
 * the same window and weights for every channel.
 */
final class ResizedCrop {
  private ResizedCrop() {}

  /**
   * The window of {@code image} ({@code channels} planes of {@code height} x {@code width}),
   * stretched to {@code height} x {@code width}; a new array. Each output pixel is a weighted mean
   * of at most four input pixels, so values stay within the input's range.
   */
  static float[] apply(float[] image, int channels, int height, int width, CropWindow window) {
    if (window.top() + window.height() > height || window.left() + window.width() > width) {
      throw new IllegalArgumentException(
          "crop window " + window + " does not fit a " + height + "x" + width + " image");
    }
    Axis rows = Axis.of(window.top(), window.height(), height);
    Axis cols = Axis.of(window.left(), window.width(), width);
    int plane = height * width;
    float[] out = new float[image.length];
    for (int c = 0; c < channels; c++) {
      int base = c * plane;
      for (int y = 0; y < height; y++) {
        int r0 = base + rows.low[y] * width;
        int r1 = base + rows.high[y] * width;
        float fy = rows.weight[y];
        int o = base + y * width;
        for (int x = 0; x < width; x++) {
          int x0 = cols.low[x];
          int x1 = cols.high[x];
          float fx = cols.weight[x];
          float top = image[r0 + x0] + fx * (image[r0 + x1] - image[r0 + x0]);
          float bottom = image[r1 + x0] + fx * (image[r1 + x1] - image[r1 + x0]);
          out[o + x] = top + fy * (bottom - top);
        }
      }
    }
    return out;
  }

  /**
   * For each output position along one axis, the two source positions around it and the weight of
   * the second.
   */
  private record Axis(int[] low, int[] high, float[] weight) {
    static Axis of(int start, int length, int size) {
      int[] low = new int[size];
      int[] high = new int[size];
      float[] weight = new float[size];
      double scale = (double) length / size;
      for (int i = 0; i < size; i++) {
        double src = (i + 0.5) * scale - 0.5;
        src = Math.max(0, Math.min(length - 1, src));
        int l = (int) Math.floor(src);
        low[i] = start + l;
        high[i] = start + Math.min(l + 1, length - 1);
        weight[i] = (float) (src - l);
      }
      return new Axis(low, high, weight);
    }
  }
}
