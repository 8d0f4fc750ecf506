package io.siameseonnx.trainer.export;

/**
 * The exported ONNX models could not be run, or their outputs differ from DJL's by more than the
 * tolerance; the export is then abandoned.
 */
public final class ExportVerificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the model and the figures. */
  public ExportVerificationException(String message) {
    super(message);
  }

  /** Creates the exception with a message and its cause. */
  public ExportVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
