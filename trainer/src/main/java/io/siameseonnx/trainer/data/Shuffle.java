package io.siameseonnx.trainer.data;

import java.util.Random;

/** Fisher-Yates shuffles written out, so that a seed gives the same order on every JDK. */
public final class Shuffle {
  private Shuffle() {}

  /** Shuffles the values in place. */
  public static void ints(int[] values, Random rnd) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }

  /** {@code k} distinct values from 0..n-1 in random order (a partial Fisher-Yates shuffle). */
  public static int[] sample(int n, int k, Random rnd) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + rnd.nextInt(n - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return java.util.Arrays.copyOf(all, k);
  }
}
