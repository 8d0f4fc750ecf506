package io.siameseonnx.trainer.data;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

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

  /** Number of different images the pairs show (an image shared by several pairs counts once). */
  public int distinctImages() {
    return imageIds().size();
  }

  /** Number of different pairs, an unordered pair of the same two images counting once. */
  public int distinctPairs() {
    Map<float[], Integer> ids = imageIds();
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < labels.length; i++) {
      long a = ids.get(first[i]);
      long b = ids.get(second[i]);
      seen.add(Math.min(a, b) * ids.size() + Math.max(a, b));
    }
    return seen.size();
  }

  /** A number for each image array, by identity (pairs share the arrays of their images). */
  private Map<float[], Integer> imageIds() {
    Map<float[], Integer> ids = new IdentityHashMap<>();
    for (float[][] side : new float[][][] {first, second}) {
      for (float[] image : side) {
        ids.putIfAbsent(image, ids.size());
      }
    }
    return ids;
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
