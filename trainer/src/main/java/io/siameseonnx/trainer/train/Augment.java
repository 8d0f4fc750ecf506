package io.siameseonnx.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.Random;

/** Cheap training-time augmentation on NCHW batches. */
final class Augment {
  private Augment() {}

  /**
   * Shifts the whole batch by a random offset of up to {@code max} pixels in each direction,
   * padding with zeros.
   */
  static NDArray randomShift(NDArray x, int max, Random rnd) {
    int dy = rnd.nextInt(2 * max + 1) - max;
    int dx = rnd.nextInt(2 * max + 1) - max;
    if (dx == 0 && dy == 0) {
      return x;
    }
    long h = x.getShape().get(2);
    long w = x.getShape().get(3);
    NDArray out = x.zerosLike();
    String src =
        ":, :, "
            + Math.max(0, -dy)
            + ":"
            + (h - Math.max(0, dy))
            + ", "
            + Math.max(0, -dx)
            + ":"
            + (w - Math.max(0, dx));
    String dst =
        ":, :, "
            + Math.max(0, dy)
            + ":"
            + (h - Math.max(0, -dy))
            + ", "
            + Math.max(0, dx)
            + ":"
            + (w - Math.max(0, -dx));
    out.set(new NDIndex(dst), x.get(new NDIndex(src)));
    return out;
  }
}
