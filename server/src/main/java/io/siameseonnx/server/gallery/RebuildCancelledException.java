package io.siameseonnx.server.gallery;

/** Stops a re-embedding whose gallery is closing. */
final class RebuildCancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RebuildCancelledException() {
    super("re-embedding cancelled");
  }
}
