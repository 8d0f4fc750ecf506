package io.siameseonnx.server.gallery;

/**
 * The request clashes with the gallery's state (a 409): created again with other settings, an
 * embedding from another model version, a second re-embedding or bulk load while one runs.
 */
public final class GalleryConflictException extends GalleryException {
  private static final long serialVersionUID = 1L;

  /** With the reason. */
  public GalleryConflictException(String message) {
    super(message);
  }
}
