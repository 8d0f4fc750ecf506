package io.siameseonnx.server.errors;

/**
 * The request names a model the server does not serve, or a version of it other than the one being
 * served: answered with 404 (gRPC {@code NOT_FOUND}).
 */
public final class ModelNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message for the client. */
  public ModelNotFoundException(String message) {
    super(message);
  }
}
