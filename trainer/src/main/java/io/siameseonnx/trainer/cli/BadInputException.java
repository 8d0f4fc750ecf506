package io.siameseonnx.trainer.cli;

/**
 * Input the user got wrong (a missing or corrupt checkpoint, an unreadable image, options that do
 * not go together): {@link TrainerCli} prints its message on one line and exits with {@link
 * TrainerCli#BAD_INPUT}.
 */
public final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The exception with a message that names the file or option at fault. */
  public BadInputException(String message) {
    super(message);
  }

  /** The exception with a message that names the file or option at fault, and its cause. */
  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
