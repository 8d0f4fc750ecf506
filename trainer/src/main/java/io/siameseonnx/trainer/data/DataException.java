package io.siameseonnx.trainer.data;

/**
 * Typed failure for unusable input data; its message is one line naming the file or folder and the
 * problem, and the CLI maps it to exit code 2.
 */
public final class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a one-line message naming the file or folder and the problem. */
  public DataException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the underlying failure. */
  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
