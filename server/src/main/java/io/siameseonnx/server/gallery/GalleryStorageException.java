package io.siameseonnx.server.gallery;

/** The gallery's files could not be read or written (a 500); the message names the folder. */
public final class GalleryStorageException extends GalleryException {
  private static final long serialVersionUID = 1L;

  /** With context and the I/O failure. */
  public GalleryStorageException(String message, Throwable cause) {
    super(message + ": " + cause, cause);
  }
}
