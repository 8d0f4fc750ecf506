package io.siameseonnx.server.oip;

import java.util.List;

/**
 * A model as the protocol describes it.
 *
 * @param name the model's name (its folder in the repository)
 * @param versions the versions a request may name: the one being served
 * @param platform the spec's platform name ({@code onnx_onnxv1})
 * @param inputs the inputs it takes
 * @param outputs the outputs it gives
 */
public record ModelMetadata(
    String name,
    List<String> versions,
    String platform,
    List<TensorMetadata> inputs,
    List<TensorMetadata> outputs) {
  /** Copies the lists. */
  public ModelMetadata {
    versions = List.copyOf(versions);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
