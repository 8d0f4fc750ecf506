package io.siameseonnx.shared.image;

/** Image bytes of a format the project does not decode (only PNG, JPEG, BMP and GIF). */
public final class UnsupportedImageFormatException extends InvalidImageException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message for the person who sent the image. */
  public UnsupportedImageFormatException(String message) {
    super(message);
  }
}
