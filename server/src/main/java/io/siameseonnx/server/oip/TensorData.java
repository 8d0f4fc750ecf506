package io.siameseonnx.server.oip;

import java.nio.ByteBuffer;
import java.util.List;

/** The elements of an input tensor as they came over the wire, not yet checked against a model. */
public sealed interface TensorData {
  /**
   * Numbers (JSON {@code data}, or gRPC {@code fp32_contents}) as float32.
   *
   * @param values the elements, row-major
   * @param nesting the JSON array dimensions as sent ({@code [n]} when flat)
   */
  record Numbers(float[] values, int[] nesting) implements TensorData {}

  /**
   * Raw bytes: the binary tensor extension's data, or gRPC's {@code raw_input_contents}. Numbers
   * are little-endian; a BYTES element is a 4-byte little-endian length and then its bytes.
   *
   * @param bytes the tensor's bytes, from position to limit
   */
  record Raw(ByteBuffer bytes) implements TensorData {}

  /**
   * JSON strings (BYTES elements sent in JSON).
   *
   * @param values the elements, row-major
   * @param nesting the JSON array dimensions as sent ({@code [n]} when flat)
   */
  record Strings(List<String> values, int[] nesting) implements TensorData {}

  /**
   * Byte strings (gRPC {@code bytes_contents}).
   *
   * @param values the elements, row-major
   */
  record Blobs(List<byte[]> values) implements TensorData {}
}
