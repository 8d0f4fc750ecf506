package io.siameseonnx.model.card;

import java.util.List;

/**
 * A named model input or output: element type and shape, with -1 for a dynamic dimension (the
 * batch).
 *
 * @param name the tensor's name in the ONNX graph
 * @param dtype the element type, {@code "float32"}
 * @param shape the dimensions, -1 where dynamic
 */
public record TensorSpec(String name, String dtype, List<Long> shape) {
  /** Copies the shape. */
  public TensorSpec {
    shape = List.copyOf(shape);
  }

  /** A float32 tensor. */
  public static TensorSpec float32(String name, long... shape) {
    return new TensorSpec(name, "float32", java.util.Arrays.stream(shape).boxed().toList());
  }
}
