package io.siameseonnx.server.errors;

/** ONNX Runtime failed on a batch that had been validated: a server fault, answered with 500. */
public final class InferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message and ONNX Runtime's failure. */
  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
