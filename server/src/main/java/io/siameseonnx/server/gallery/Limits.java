package io.siameseonnx.server.gallery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The bounds of what a gallery accepts, checked before anything is written. */
final class Limits {
  /** Longest subject, in UTF-8 bytes. */
  static final int MAX_SUBJECT_BYTES = 256;

  /** Largest metadata object, as compact UTF-8 JSON. */
  static final int MAX_METADATA_BYTES = 4096;

  /** Most results of one search. */
  static final int MAX_TOP_K = 1000;

  /** Most subjects in one page of a listing. */
  static final int MAX_PAGE_SIZE = 1000;

  private static final ObjectMapper COMPACT = new ObjectMapper();

  private Limits() {}

  /** The subject's UTF-8 bytes, after checking that it is 1 to 256 bytes of valid text. */
  static byte[] subjectBytes(String subject) {
    if (subject == null || subject.isEmpty()) {
      throw new InvalidGalleryRequestException("subject must not be empty");
    }
    ByteBuffer encoded;
    try {
      encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(subject));
    } catch (CharacterCodingException e) {
      throw new InvalidGalleryRequestException("subject is not valid Unicode text");
    }
    if (encoded.remaining() > MAX_SUBJECT_BYTES) {
      throw new InvalidGalleryRequestException(
          "subject is "
              + encoded.remaining()
              + " bytes of UTF-8; at most "
              + MAX_SUBJECT_BYTES
              + " are allowed");
    }
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }

  /** Checks the subject. */
  static String checkSubject(String subject) {
    subjectBytes(subject);
    return subject;
  }

  /** The metadata as compact JSON, after checking that it is an object of at most 4 KB. */
  static String metadataJson(JsonNode metadata) {
    if (metadata == null || !metadata.isObject()) {
      throw new InvalidGalleryRequestException(
          "metadata must be a JSON object, got "
              + (metadata == null ? "nothing" : metadata.getNodeType().name().toLowerCase()));
    }
    String json;
    try {
      json = COMPACT.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new InvalidGalleryRequestException("metadata cannot be written as JSON: " + e);
    }
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_METADATA_BYTES) {
      throw new InvalidGalleryRequestException(
          "metadata is "
              + bytes
              + " bytes of JSON; at most "
              + MAX_METADATA_BYTES
              + " are allowed");
    }
    return json;
  }

  /** Checks a decision threshold. */
  static double checkThreshold(double threshold) {
    if (!(threshold > 0) || !Double.isFinite(threshold)) {
      throw new InvalidGalleryRequestException(
          "threshold must be a positive number, got " + threshold);
    }
    return threshold;
  }

  /** Checks a result count. */
  static int checkTopK(int k) {
    if (k < 1 || k > MAX_TOP_K) {
      throw new InvalidGalleryRequestException(
          "top_k must be between 1 and " + MAX_TOP_K + ", got " + k);
    }
    return k;
  }

  /** Checks a page size. */
  static int checkPageSize(int limit) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new InvalidGalleryRequestException(
          "limit must be between 1 and " + MAX_PAGE_SIZE + ", got " + limit);
    }
    return limit;
  }

  /** Checks that a vector has {@code length} finite values. */
  static float[] checkVector(String what, float[] values, int length) {
    if (values == null || values.length != length) {
      throw new InvalidGalleryRequestException(
          what
              + " has "
              + (values == null ? 0 : values.length)
              + " values; the gallery's model takes "
              + length);
    }
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new InvalidGalleryRequestException(what + " has a value that is not finite");
      }
    }
    return values;
  }
}
