package io.siameseonnx.server.gallery;

/** No example with that id in the gallery (a 404). */
public final class ExampleNotFoundException extends GalleryException {
  private static final long serialVersionUID = 1L;

  /** For the missing example. */
  public ExampleNotFoundException(String gallery, String id) {
    super("gallery \"" + gallery + "\" has no example \"" + id + "\"");
  }
}
