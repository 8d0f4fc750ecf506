package io.siameseonnx.server.gallery;

/** A request to the gallery store that cannot be carried out; subclasses say why. */
public class GalleryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message. */
  public GalleryException(String message) {
    super(message);
  }

  /** With a message and a cause. */
  public GalleryException(String message, Throwable cause) {
    super(message, cause);
  }
}
