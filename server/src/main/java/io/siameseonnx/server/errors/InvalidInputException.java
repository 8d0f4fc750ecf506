package io.siameseonnx.server.errors;

/**
 * An input that cannot be used, naming where it is in the request ({@code images[2]}, {@code
 * pairs[0].b}, {@code threshold}) so that every protocol can tell the client which field to fix.
 */
public final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of input was wrong. */
  public enum Kind {
    /** Image bytes that cannot be decoded: empty, truncated, corrupt or too large. */
    IMAGE,
    /** Image bytes of a format that is not decoded (only PNG, JPEG, BMP and GIF are). */
    IMAGE_FORMAT,
    /** A tensor of the wrong shape, or with values that are not numbers in range. */
    TENSOR,
    /** A well-formed value that is not acceptable: out of range, too many items, unknown. */
    VALUE
  }

  private final Kind kind;
  private final String field;
  private final String detail;

  /**
   * Creates the exception; its message is {@code field + ": " + detail}.
   *
   * @param kind what kind of input was wrong
   * @param field where it is in the request
   * @param detail what is wrong with it, in the request's terms
   */
  public InvalidInputException(Kind kind, String field, String detail) {
    super(field + ": " + detail);
    this.kind = kind;
    this.field = field;
    this.detail = detail;
  }

  /** Creates the exception with the failure that revealed the problem. */
  public InvalidInputException(Kind kind, String field, String detail, Throwable cause) {
    this(kind, field, detail);
    initCause(cause);
  }

  /** What kind of input was wrong. */
  public Kind kind() {
    return kind;
  }

  /** Where the input is in the request. */
  public String field() {
    return field;
  }

  /** What is wrong with it, without the field. */
  public String detail() {
    return detail;
  }
}
