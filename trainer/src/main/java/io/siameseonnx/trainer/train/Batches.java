package io.siameseonnx.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.siameseonnx.trainer.augment.Augmenter;
import java.util.Random;

/** Helpers that turn plain image arrays into NCHW batches. */
final class Batches {
  private Batches() {}

  /** Stacks {@code images[order[from..to)]} into an NCHW array on {@code manager}. */
  static NDArray stack(
      NDManager manager, float[][] images, int[] order, int from, int to, long[] chw) {
    int per = images[0].length;
    int n = to - from;
    float[] flat = new float[n * per];
    for (int i = 0; i < n; i++) {
      System.arraycopy(images[order[from + i]], 0, flat, i * per, per);
    }
    return manager.create(flat, new Shape(n, chw[0], chw[1], chw[2]));
  }

  /**
   * Stacks {@code images[order[from..to)]} into an NCHW array on {@code manager}, each image as
   * {@code augmenter} changes it (the stored images stay as they are).
   */
  static NDArray stack(
      NDManager manager,
      float[][] images,
      int[] order,
      int from,
      int to,
      long[] chw,
      Augmenter augmenter) {
    int per = images[0].length;
    int n = to - from;
    float[] flat = new float[n * per];
    for (int i = 0; i < n; i++) {
      System.arraycopy(augmenter.apply(images[order[from + i]]), 0, flat, i * per, per);
    }
    return manager.create(flat, new Shape(n, chw[0], chw[1], chw[2]));
  }

  /** 0..n-1 in a random order. */
  static int[] shuffled(int n, Random rnd) {
    int[] order = identity(n);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** 0..n-1. */
  static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}
