package io.siameseonnx.trainer.data;

/**
 * A set of image pairs with labels 1 = similar and 0 = dissimilar; the image arrays are shared, not
 * copied.
 *
 * @param first the first image of each pair
 * @param second the second image of each pair
 * @param labels 1 when the pair is similar, 0 when it is not
 */
public record PairSet(float[][] first, float[][] second, int[] labels) {
  /** Checks that the three arrays line up and that every label is 0 or 1. */
  public PairSet {
    if (first.length != second.length || first.length != labels.length) {
      throw new IllegalArgumentException(
          "pair arrays differ in length: "
              + first.length
              + ", "
              + second.length
              + " and "
              + labels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("pair " + i + " has label " + labels[i] + ", not 0/1");
      }
    }
  }

  /** Number of pairs. */
  public int size() {
    return labels.length;
  }

  /** Number of similar pairs (label 1). */
  public int similarCount() {
    int n = 0;
    for (int label : labels) {
      n += label;
    }
    return n;
  }

  /** The pairs at the given indices, in that order. */
  public PairSet subset(int[] idx) {
    float[][] a = new float[idx.length][];
    float[][] b = new float[idx.length][];
    int[] l = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      a[i] = first[idx[i]];
      b[i] = second[idx[i]];
      l[i] = labels[idx[i]];
    }
    return new PairSet(a, b, l);
  }
}
