package io.siameseonnx.server.runtime;

import io.siameseonnx.server.errors.OneLine;
import java.nio.file.Path;

/**
 * A model that cannot be served: missing, corrupt, or not matching its card. The message is one
 * line that names the file, fit to end start-up with.
 */
public final class ModelLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for {@code file} with a one-line reason. */
  public ModelLoadException(Path file, String reason) {
    super("cannot load model " + file + ": " + oneLine(reason));
  }

  /** Creates the exception for {@code file} with a reason and its cause. */
  public ModelLoadException(Path file, String reason, Throwable cause) {
    super("cannot load model " + file + ": " + oneLine(reason), cause);
  }

  /** Creates the exception with a message that names no file (such as an empty repository). */
  public ModelLoadException(String message) {
    super(oneLine(message));
  }

  /** Collapses a (native, possibly multi-line) message to one line. */
  public static String oneLine(String message) {
    return OneLine.of(message);
  }
}
