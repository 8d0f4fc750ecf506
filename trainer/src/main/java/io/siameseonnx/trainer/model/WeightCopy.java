package io.siameseonnx.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Copies a parameter's values into another in place, on the device, keeping the target's handle and
 * gradient (what the optimiser and the block hold on to).
 *
 * <p>Not {@link NDArray#copyTo}: on the PyTorch engine that goes through the host ({@code
 * toByteBuffer}) and DJL's native {@code torchSet}, which enters libtorch's deprecated {@code
 * at::AutoNonVariableTypeMode} guard and so prints "Warning: AutoNonVariableTypeMode is deprecated
 * ... silent wrong result" once a run. An indexed assignment over the whole array ({@code
 * target[...] = source}) does the same copy through the dispatcher, without the guard.
 */
public final class WeightCopy {
  private static final NDIndex ALL = new NDIndex("...");

  private WeightCopy() {}

  /** Writes {@code source}'s values into {@code target}; shapes must match. */
  public static void copy(NDArray source, NDArray target) {
    if (!source.getShape().equals(target.getShape())) {
      throw new IllegalArgumentException(
          "cannot copy an array of shape " + source.getShape() + " into " + target.getShape());
    }
    target.set(ALL, source);
  }
}
