package io.siameseonnx.server.http;

import java.util.Map;

/**
 * An answer as bytes, ready for either way of writing it (Javalin's, or {@link DirectRoutes}').
 *
 * @param contentType the body's media type
 * @param body the body
 * @param headers headers the answer adds (the binary extension's JSON length)
 */
public record Reply(String contentType, byte[] body, Map<String, String> headers) {
  /** A JSON answer. */
  public static Reply json(byte[] body) {
    return new Reply("application/json", body, Map.of());
  }
}
