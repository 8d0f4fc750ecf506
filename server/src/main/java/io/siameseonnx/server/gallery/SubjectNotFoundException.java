package io.siameseonnx.server.gallery;

/** No example of that subject in the gallery (a 404). */
public final class SubjectNotFoundException extends GalleryException {
  private static final long serialVersionUID = 1L;

  /** For the missing subject. */
  public SubjectNotFoundException(String gallery, String subject) {
    super("gallery \"" + gallery + "\" has no subject \"" + subject + "\"");
  }
}
