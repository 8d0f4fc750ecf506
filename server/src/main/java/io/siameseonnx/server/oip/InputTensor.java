package io.siameseonnx.server.oip;

import java.util.Arrays;
import java.util.Map;

/**
 * An input tensor of an inference request.
 *
 * @param name the input's name
 * @param datatype the spec's data type, e.g. {@code FP32} or {@code BYTES}
 * @param shape the shape as sent, batch first
 * @param parameters the input's parameters (string, number or boolean values)
 * @param data its elements
 */
public record InputTensor(
    String name, String datatype, long[] shape, Map<String, Object> parameters, TensorData data) {
  /** Copies the parameters. */
  public InputTensor {
    parameters = Parameters.copy(parameters);
  }

  /** The shape, as {@code [2, 1, 32, 32]}. */
  public String shapeText() {
    return Arrays.toString(shape);
  }
}
