package io.siameseonnx.shared.distance;

/** Plain distance functions over float vectors, accumulated in double precision. */
public final class Distances {
  private Distances() {}

  /** Euclidean distance. */
  public static double euclidean(float[] a, float[] b) {
    return Math.sqrt(squaredEuclidean(a, b));
  }

  /** Squared Euclidean distance. */
  public static double squaredEuclidean(float[] a, float[] b) {
    checkLengths(a, b);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (double) a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }

  /** Cosine distance {@code 1 - cos}; 1 when either vector is zero. */
  public static double cosine(float[] a, float[] b) {
    checkLengths(a, b);
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      return 1.0;
    }
    return 1.0 - dot / Math.sqrt(na * nb);
  }

  private static void checkLengths(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "embeddings differ in length: " + a.length + " and " + b.length);
    }
  }
}
