package io.siameseonnx.server.http.v1;

import io.siameseonnx.server.http.ApiException;
import io.siameseonnx.server.service.ImageInput;
import java.util.List;
import java.util.OptionalDouble;

/** Checks shared by the request types; each failure is a 422 naming the field. */
final class Requests {
  private Requests() {}

  /** A required, non-empty list of images without nulls, at most {@code max} long. */
  static List<ImageInput> images(List<ImageInput> images, String field, int max) {
    if (images == null) {
      throw ApiException.invalid("\"" + field + "\" is required");
    }
    if (images.isEmpty()) {
      throw ApiException.invalid("\"" + field + "\" must hold at least one image");
    }
    for (int i = 0; i < images.size(); i++) {
      if (images.get(i) == null) {
        throw ApiException.invalid(field + "[" + i + "] is null");
      }
    }
    limit(images.size(), max);
    return images;
  }

  /** A required image. */
  static ImageInput image(ImageInput image, String field) {
    if (image == null) {
      throw ApiException.invalid("\"" + field + "\" is required");
    }
    return image;
  }

  /** Refuses requests with more images than the limit. */
  static void limit(int images, int max) {
    if (images > max) {
      throw ApiException.invalid(
          "too many images: " + images + " in one request, the limit is " + max);
    }
  }

  /** The request's threshold when given (it must be a positive number), else the card's. */
  static OptionalDouble threshold(Double threshold) {
    if (threshold == null) {
      return OptionalDouble.empty();
    }
    if (!Double.isFinite(threshold) || threshold <= 0) {
      throw ApiException.invalid("\"threshold\" must be a positive number, got " + threshold);
    }
    return OptionalDouble.of(threshold);
  }

  /** Parses a numeric form field. */
  static Double number(String text, String field) {
    if (text == null) {
      return null;
    }
    try {
      return Double.valueOf(text);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("\"" + field + "\" must be a number, got \"" + text + "\"");
    }
  }

  /** Parses an integer form field. */
  static Integer integer(String text, String field) {
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("\"" + field + "\" must be an integer, got \"" + text + "\"");
    }
  }
}
