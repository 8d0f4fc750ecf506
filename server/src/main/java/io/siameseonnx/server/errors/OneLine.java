package io.siameseonnx.server.errors;

/** Native and library messages, often multi-line, as one line for logs and answers. */
public final class OneLine {
  private OneLine() {}

  /** The message with its line breaks collapsed to {@code " | "}; "unknown error" when empty. */
  public static String of(String message) {
    if (message == null || message.isBlank()) {
      return "unknown error";
    }
    return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " | ");
  }
}
