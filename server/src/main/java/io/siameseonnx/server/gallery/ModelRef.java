package io.siameseonnx.server.gallery;

import java.util.Objects;

/**
 * Which model embedded one example: what each stored example records of its {@link ModelStamp}.
 *
 * @param name the model's name
 * @param version its repository version
 * @param cardFingerprint SHA-256 of its model card
 */
public record ModelRef(String name, long version, String cardFingerprint) {
  /** Checks the values. */
  public ModelRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cardFingerprint, "cardFingerprint");
  }

  /** The reference to a stamp's model. */
  public static ModelRef of(ModelStamp stamp) {
    return new ModelRef(stamp.name(), stamp.version(), stamp.cardFingerprint());
  }

  /** Whether this is {@code stamp}'s model. */
  public boolean matches(ModelStamp stamp) {
    return equals(of(stamp));
  }
}
