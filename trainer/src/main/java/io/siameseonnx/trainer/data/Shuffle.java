package io.siameseonnx.trainer.data;

import java.util.Random;

/** Fisher-Yates shuffles written out, so that a seed gives the same order on every JDK. */
final class Shuffle {
  private Shuffle() {}

  static void ints(int[] values, Random rnd) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
