package io.siameseonnx.server.gallery;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque cursor of a subject listing: the last subject of a page, base64url. */
final class SubjectCursor {
  private SubjectCursor() {}

  static String encode(String lastSubject) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastSubject.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] decode(String cursor) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(cursor);
      if (bytes.length == 0 || bytes.length > Limits.MAX_SUBJECT_BYTES) {
        throw new IllegalArgumentException("length " + bytes.length);
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      throw new InvalidGalleryRequestException("invalid cursor \"" + cursor + "\"");
    }
  }
}
