package io.siameseonnx.server.oip;

import java.util.List;

/**
 * A model's input or output as the protocol describes it.
 *
 * @param name the tensor's name
 * @param datatype its data type
 * @param shape its shape, -1 for a dimension of any size
 */
public record TensorMetadata(String name, String datatype, List<Long> shape) {
  /** Copies the shape. */
  public TensorMetadata {
    shape = List.copyOf(shape);
  }
}
