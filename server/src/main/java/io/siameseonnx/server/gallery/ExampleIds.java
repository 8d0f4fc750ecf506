package io.siameseonnx.server.gallery;

import java.util.UUID;
import java.util.regex.Pattern;

/** Example ids: assigned by the store as random UUIDs, never reused; imports keep theirs. */
final class ExampleIds {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private ExampleIds() {}

  /** A new id. */
  static String next() {
    return UUID.randomUUID().toString();
  }

  /**
   * Checks an id from outside (an import, a bulk load): 1 to 64 of letters, digits, {@code _.:-}.
   */
  static String check(String id) {
    if (id == null || !VALID.matcher(id).matches()) {
      throw new InvalidGalleryRequestException(
          "example id must be 1 to 64 of letters, digits, '_', '.', ':' and '-', got "
              + (id == null ? "nothing" : '"' + id + '"'));
    }
    return id;
  }
}
