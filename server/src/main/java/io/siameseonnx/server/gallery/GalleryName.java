package io.siameseonnx.server.gallery;

import java.util.regex.Pattern;

/**
 * A validated gallery name: {@code [a-z0-9][a-z0-9_-]{0,63}}. It becomes a folder name, so it is
 * checked before any path is built from it; anything else (dots, slashes, upper case, empty, too
 * long) is refused.
 *
 * @param value the name
 */
public record GalleryName(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** Checks the name. */
  public GalleryName {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new InvalidGalleryNameException(value);
    }
  }

  /** Whether {@code value} is a valid gallery name. */
  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
