package io.siameseonnx.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The client closed its connection before its answer was written (it gave up, timed out, or a load
 * generator stopped): there is no one to answer and nothing wrong with the server, so it is logged
 * at debug level rather than as an unexpected error.
 */
public final class ClientGoneException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  /** The failed write's cause. */
  public ClientGoneException(IOException cause) {
    super("the client went away before its answer was written: " + cause.getMessage(), cause);
  }
}
