package io.siameseonnx.server.gallery;

/**
 * A field of a gallery request out of bounds: a subject too long, metadata that is not a small JSON
 * object, an embedding of the wrong length (a 422).
 */
public final class InvalidGalleryRequestException extends GalleryException {
  private static final long serialVersionUID = 1L;

  /** With the reason. */
  public InvalidGalleryRequestException(String message) {
    super(message);
  }
}
