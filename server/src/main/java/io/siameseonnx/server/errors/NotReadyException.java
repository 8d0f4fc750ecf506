package io.siameseonnx.server.errors;

/** No model is ready to serve yet (still loading or warming up): answered with 503. */
public final class NotReadyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message for the client. */
  public NotReadyException(String message) {
    super(message);
  }
}
