package io.siameseonnx.server.errors;

/**
 * The batch queue is full, the decode budget stays taken, or the server is shutting down: answered
 * with 429 (503 when shutting down) and Retry-After.
 */
public final class OverloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean shuttingDown;

  /** Creates the exception with a message for the client. */
  public OverloadedException(String message, boolean shuttingDown) {
    super(message);
    this.shuttingDown = shuttingDown;
  }

  /** Whether the refusal is because the server is shutting down rather than busy. */
  public boolean shuttingDown() {
    return shuttingDown;
  }
}
