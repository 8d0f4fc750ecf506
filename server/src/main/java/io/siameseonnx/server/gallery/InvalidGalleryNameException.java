package io.siameseonnx.server.gallery;

/** A gallery name outside {@code [a-z0-9][a-z0-9_-]{0,63}} (a 400: never turned into a path). */
public final class InvalidGalleryNameException extends GalleryException {
  private static final long serialVersionUID = 1L;

  /** For the refused name. */
  public InvalidGalleryNameException(String name) {
    super(
        "invalid gallery name "
            + (name == null ? "(none)" : '"' + abbreviate(name) + '"')
            + ": use 1 to 64 of a-z, 0-9, '_' and '-', starting with a letter or digit");
  }

  private static String abbreviate(String name) {
    return name.length() <= 80 ? name : name.substring(0, 77) + "...";
  }
}
