package io.siameseonnx.server.gallery;

/** No gallery of that name (a 404). */
public final class GalleryNotFoundException extends GalleryException {
  private static final long serialVersionUID = 1L;

  /** For the missing gallery. */
  public GalleryNotFoundException(String name) {
    super("no gallery named \"" + name + "\"");
  }
}
