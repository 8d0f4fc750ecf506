package io.siameseonnx.server.http.v2;

import io.siameseonnx.server.http.ErrorCode;
import io.siameseonnx.server.http.ErrorHandling;

/**
 * Renders errors in the protocol's shape, {@code {"error": "..."}}. The protocol answers a request
 * it cannot accept with 400 (it knows no 422, and an image format that is not decoded is a bad
 * input here too); the other statuses (401, 404, 413, 429, 503, ...) are the server's own.
 */
public final class V2Errors implements ErrorHandling.Renderer {
  /**
   * The protocol's error body.
   *
   * @param error what went wrong
   */
  public record Body(String error) {}

  @Override
  public Object body(ErrorCode code, String message) {
    return new Body(message);
  }

  @Override
  public int status(ErrorCode code) {
    return switch (code) {
      case INVALID_REQUEST, UNSUPPORTED_IMAGE_FORMAT -> 400;
      default -> code.status();
    };
  }
}
