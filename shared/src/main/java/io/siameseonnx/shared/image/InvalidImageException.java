package io.siameseonnx.shared.image;

/** An image that cannot be used: undecodable, empty, too large or of the wrong shape. */
public class InvalidImageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message meant for the person who sent the image. */
  public InvalidImageException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the decoder's own failure. */
  public InvalidImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
