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
  /** The request line, URI or headers are malformed (an ambiguous or invalid URI, a bad header). */
  INVALID_HTTP(400),
  /** A gallery name outside {@code [a-z0-9][a-z0-9_-]{0,63}}. */
  INVALID_NAME(400),
  /** No or a wrong API key. */
  UNAUTHORIZED(401),
  /** No such route. */
  NOT_FOUND(404),
  /** No gallery of that name. */
  GALLERY_NOT_FOUND(404),
  /** The gallery has no example of that subject. */
  SUBJECT_NOT_FOUND(404),
  /** The gallery has no example with that id. */
  EXAMPLE_NOT_FOUND(404),
  /** The route exists for other methods. */
  METHOD_NOT_ALLOWED(405),
  /** The request (its headers) did not arrive in time: a slow or stalled client. */
  REQUEST_TIMEOUT(408),
  /**
   * The request contradicts the resource's state: a gallery that exists with other settings, or
   * holds embeddings of another model version than the one served, or is being re-embedded.
   */
  CONFLICT(409),
  /** The body is over the size limit. */
  PAYLOAD_TOO_LARGE(413),
  /** The request URI is over Jetty's limit. */
  URI_TOO_LONG(414),
  /** The body is neither JSON nor multipart form data. */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** An image is not PNG, JPEG, BMP or GIF (TIFF, WebP, ... are not decoded). */
  UNSUPPORTED_IMAGE_FORMAT(415),
  /** The request headers are over Jetty's limit. */
  HEADERS_TOO_LARGE(431),
  /**
   * Well-formed but not acceptable: a missing field, a wrong type, an empty list, too many images.
   */
  INVALID_REQUEST(422),
  /** The batch queue is full: retry after the Retry-After seconds. */
  OVERLOADED(429),
  /**
   * The server ran out of memory on this request (503 with Retry-After; the code reads {@code
   * overloaded}, as a full queue's does): it is logged once and the server keeps serving.
   */
  OUT_OF_MEMORY(503, "overloaded"),
  /** ONNX Runtime failed on a valid request. */
  INFERENCE_FAILED(500),
  /** Anything unexpected; details are in the server log, never in the response. */
  INTERNAL_ERROR(500),
  /** No model is loaded and warm yet, or the server is shutting down. */
  NOT_READY(503);

  private final int status;
  private final String wireName;

  ErrorCode(int status) {
    this.status = status;
    this.wireName = name().toLowerCase(Locale.ROOT);
  }

  ErrorCode(int status, String wireName) {
    this.status = status;
    this.wireName = wireName;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The code as it appears in the error body, e.g. {@code invalid_image}. */
  public String wireName() {
    return wireName;
  }
}
