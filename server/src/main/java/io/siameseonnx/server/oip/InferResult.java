package io.siameseonnx.server.oip;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An inference response, whatever the wire it goes back over.
 *
 * @param modelName the model that answered
 * @param modelVersion the version that computed every output
 * @param id the request's identifier, when it had one
 * @param parameters the request's parameters, passed through
 * @param outputs the outputs, in the order they were asked for (the model's order otherwise)
 */
public record InferResult(
    String modelName,
    String modelVersion,
    Optional<String> id,
    Map<String, Object> parameters,
    List<OutputTensor> outputs) {
  /** Copies the outputs and the parameters. */
  public InferResult {
    parameters = Parameters.copy(parameters);
    outputs = List.copyOf(outputs);
  }
}
