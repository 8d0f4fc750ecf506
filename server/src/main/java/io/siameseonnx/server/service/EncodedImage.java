package io.siameseonnx.server.service;

import io.siameseonnx.server.errors.InvalidInputException;
import io.siameseonnx.shared.image.DecodeGate;
import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.InvalidImageException;
import io.siameseonnx.shared.image.UnsupportedImageFormatException;

/**
 * PNG, JPEG, BMP or GIF bytes (recognised by their signature), decoded and resized by the model's
 * preprocessor.
 *
 * @param bytes the encoded image
 * @param field where the image is in the request
 */
public record EncodedImage(byte[] bytes, String field) implements ImageInput {
  @Override
  public float[] prepare(ImagePreprocessor preprocessor, DecodeGate gate) {
    try {
      return preprocessor.fromBytes(bytes, gate);
    } catch (UnsupportedImageFormatException e) {
      throw new InvalidInputException(
          InvalidInputException.Kind.IMAGE_FORMAT, field, e.getMessage(), e);
    } catch (InvalidImageException e) {
      throw new InvalidInputException(InvalidInputException.Kind.IMAGE, field, e.getMessage(), e);
    }
  }
}
