package io.siameseonnx.shared.image;

/**
 * Separable bicubic resampling identical to Pillow's {@code ImagingResample} with the BICUBIC
 * filter on float images: Keys' kernel with a = -0.5, support 2 widened by the scale factor when
 * shrinking (antialiasing), pixel centres at +0.5, and weights renormalised where the kernel leaves
 * the image.
 */
final class Resampler {
  private static final double A = -0.5;
  private static final double SUPPORT = 2.0;

  private Resampler() {}

  /** Resizes a row-major {@code inW x inH} float image to {@code outW x outH}. */
  static float[] resize(float[] in, int inW, int inH, int outW, int outH) {
    if (inW == outW && inH == outH) {
      return in.clone();
    }
    float[] horizontal = new float[outW * inH];
    Coefficients cx = coefficients(inW, outW);
    for (int y = 0; y < inH; y++) {
      int row = y * inW;
      for (int x = 0; x < outW; x++) {
        double sum = 0;
        int start = cx.start[x];
        for (int k = 0; k < cx.count[x]; k++) {
          sum += in[row + start + k] * cx.weights[x][k];
        }
        horizontal[y * outW + x] = (float) sum;
      }
    }
    float[] out = new float[outW * outH];
    Coefficients cy = coefficients(inH, outH);
    for (int y = 0; y < outH; y++) {
      int start = cy.start[y];
      for (int x = 0; x < outW; x++) {
        double sum = 0;
        for (int k = 0; k < cy.count[y]; k++) {
          sum += horizontal[(start + k) * outW + x] * cy.weights[y][k];
        }
        out[y * outW + x] = (float) sum;
      }
    }
    return out;
  }

  private record Coefficients(int[] start, int[] count, double[][] weights) {}

  private static Coefficients coefficients(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = SUPPORT * filterScale;
    int[] start = new int[outSize];
    int[] count = new int[outSize];
    double[][] weights = new double[outSize][];
    for (int i = 0; i < outSize; i++) {
      double center = (i + 0.5) * scale;
      int min = Math.max((int) (center - support + 0.5), 0);
      int max = Math.min((int) (center + support + 0.5), inSize) - min;
      double[] w = new double[max];
      double total = 0;
      for (int k = 0; k < max; k++) {
        double v = kernel((k + min - center + 0.5) / filterScale);
        w[k] = v;
        total += v;
      }
      if (total != 0) {
        for (int k = 0; k < max; k++) {
          w[k] /= total;
        }
      }
      start[i] = min;
      count[i] = max;
      weights[i] = w;
    }
    return new Coefficients(start, count, weights);
  }

  private static double kernel(double x) {
    x = Math.abs(x);
    if (x < 1.0) {
      return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
      return (((x - 5) * x + 8) * x - 4) * A;
    }
    return 0.0;
  }
}
