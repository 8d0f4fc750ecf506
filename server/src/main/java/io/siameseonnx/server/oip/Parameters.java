package io.siameseonnx.server.oip;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The protocol's parameters: names to a {@link String}, {@link Boolean}, {@link Long}, {@link
 * Double} or {@link java.math.BigInteger} (an unsigned 64-bit value), in the order they were sent;
 * and the names the binary tensor extension gives a meaning.
 */
public final class Parameters {
  /** On an input or an output in the response: its data is binary, of this many bytes. */
  public static final String BINARY_DATA_SIZE = "binary_data_size";

  /** On a requested output: return it as binary data. */
  public static final String BINARY_DATA = "binary_data";

  /** On the request: return every output as binary data unless it says otherwise. */
  public static final String BINARY_DATA_OUTPUT = "binary_data_output";

  private Parameters() {}

  /** An unmodifiable copy that keeps the order. */
  public static Map<String, Object> copy(Map<String, Object> parameters) {
    return parameters.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** A boolean parameter, when it is present and a boolean. */
  public static Optional<Boolean> bool(Map<String, Object> parameters, String name) {
    return parameters.get(name) instanceof Boolean b ? Optional.of(b) : Optional.empty();
  }

  /** The request's parameters less those of the binary extension, for the response. */
  public static Map<String, Object> passedThrough(Map<String, Object> parameters) {
    if (!parameters.containsKey(BINARY_DATA_OUTPUT)) {
      return parameters;
    }
    Map<String, Object> kept = new LinkedHashMap<>(parameters);
    kept.remove(BINARY_DATA_OUTPUT);
    return copy(kept);
  }
}
