package io.siameseonnx.trainer.train;

/** The check the configuration builders make on a setting that has no default. */
final class Required {
  private Required() {}

  /**
   * {@code value}, or a failure naming the setting that was not given.
   *
   * @throws IllegalStateException when {@code value} is null
   */
  static <T> T value(T value, String setting) {
    if (value == null) {
      throw new IllegalStateException("the configuration needs a " + setting);
    }
    return value;
  }
}
