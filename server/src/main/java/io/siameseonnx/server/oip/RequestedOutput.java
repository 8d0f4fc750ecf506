package io.siameseonnx.server.oip;

import java.util.Map;

/**
 * An output the client asks for.
 *
 * @param name the output's name
 * @param parameters its parameters (the binary extension's {@code binary_data}, for one)
 */
public record RequestedOutput(String name, Map<String, Object> parameters) {
  /** Copies the parameters. */
  public RequestedOutput {
    parameters = Parameters.copy(parameters);
  }
}
