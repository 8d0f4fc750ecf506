package io.siameseonnx.server.http;

import java.util.Map;

/** An error answered with its {@link ErrorCode}'s status and a message meant for the client. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final transient Map<String, String> headers;

  /** Creates the exception. */
  public ApiException(ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  /** Creates the exception with response headers (such as Retry-After). */
  public ApiException(ErrorCode code, String message, Map<String, String> headers) {
    super(message);
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  /** The error code. */
  public ErrorCode code() {
    return code;
  }

  /** Headers to set on the response. */
  public Map<String, String> headers() {
    return headers;
  }

  /** A 422 for a request that is well-formed but not acceptable. */
  public static ApiException invalid(String message) {
    return new ApiException(ErrorCode.INVALID_REQUEST, message);
  }
}
