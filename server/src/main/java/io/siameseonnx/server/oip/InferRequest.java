package io.siameseonnx.server.oip;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An inference request, whatever the wire it came over.
 *
 * @param id the client's identifier, echoed in the response
 * @param parameters the request's parameters, passed through to the response
 * @param inputs the input tensors
 * @param outputs the outputs asked for; empty: every output of the model
 */
public record InferRequest(
    Optional<String> id,
    Map<String, Object> parameters,
    List<InputTensor> inputs,
    List<RequestedOutput> outputs) {
  /** Copies the lists and the parameters. */
  public InferRequest {
    parameters = Parameters.copy(parameters);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
