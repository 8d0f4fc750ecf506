package io.siameseonnx.server.http.v1;

import io.siameseonnx.server.http.ErrorCode;

/**
 * The one JSON error shape: {@code {"status": 400, "error": "invalid_image", "message": "..."}}.
 *
 * @param status the HTTP status, repeated for clients that only see the body
 * @param error the machine-readable {@link ErrorCode}
 * @param message what went wrong, for a person; never a stack trace
 */
public record ErrorBody(int status, String error, String message) {
  /** The body for a code and message. */
  public static ErrorBody of(ErrorCode code, String message) {
    return new ErrorBody(code.status(), code.wireName(), message);
  }
}
