package io.siameseonnx.server.http;

import java.util.Locale;

/** Every error the API answers with: its HTTP status and its machine-readable code. */
public enum ErrorCode {
  /** The body is not valid JSON (or is empty). */
  INVALID_JSON(400),
  /** An image string is not valid base64. */
  INVALID_BASE64(400),
  /** Image bytes cannot be decoded: empty, truncated, corrupt or too large. */
  INVALID_IMAGE(400),
  /** A tensor has the wrong shape, is ragged, or holds NaN, infinities or non-numbers. */
  INVALID_TENSOR(400),
  /** The multipart body cannot be parsed. */
  INVALID_MULTIPART(400),
  /** No or a wrong API key. */
  UNAUTHORIZED(401),
  /** No such route. */
  NOT_FOUND(404),
  /** The route exists for other methods. */
  METHOD_NOT_ALLOWED(405),
  /** The body is over the size limit. */
  PAYLOAD_TOO_LARGE(413),
  /** The body is neither JSON nor multipart form data. */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** An image is not PNG, JPEG, BMP or GIF (TIFF, WebP, ... are not decoded). */
  UNSUPPORTED_IMAGE_FORMAT(415),
  /**
   * Well-formed but not acceptable: a missing field, a wrong type, an empty list, too many images.
   */
  INVALID_REQUEST(422),
  /** The batch queue is full: retry after the Retry-After seconds. */
  OVERLOADED(429),
  /** ONNX Runtime failed on a valid request. */
  INFERENCE_FAILED(500),
  /** Anything unexpected; details are in the server log, never in the response. */
  INTERNAL_ERROR(500),
  /** No model is loaded and warm yet, or the server is shutting down. */
  NOT_READY(503);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The code as it appears in the error body, e.g. {@code invalid_image}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
