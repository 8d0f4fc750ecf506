package io.siameseonnx.model.card;

/** A model card that is missing, malformed or inconsistent with its model. */
public final class InvalidModelCardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the problem. */
  public InvalidModelCardException(String message) {
    super(message);
  }

  /** Creates the exception with a message and its cause. */
  public InvalidModelCardException(String message, Throwable cause) {
    super(message, cause);
  }
}
