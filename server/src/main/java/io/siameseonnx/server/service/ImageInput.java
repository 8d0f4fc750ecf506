package io.siameseonnx.server.service;

import io.siameseonnx.shared.image.DecodeGate;
import io.siameseonnx.shared.image.ImagePreprocessor;

/**
 * One image of a request, decoded from the wire but not yet preprocessed: encoded bytes or an
 * already preprocessed tensor. Each knows its field in the request, so that a failure names it.
 */
public sealed interface ImageInput permits EncodedImage, TensorImage {
  /** Where the image is in the request, e.g. {@code images[2]} or {@code pairs[0].b}. */
  String field();

  /**
   * The model's input for this image: {@code preprocessor.spec().tensorSize()} floats.
   *
   * @param preprocessor the served model's preprocessor
   * @param gate admits the decoding of an encoded image (see {@link DecodeBudget})
   * @throws io.siameseonnx.server.errors.InvalidInputException naming {@link #field()} when the
   *     image cannot be used
   */
  float[] prepare(ImagePreprocessor preprocessor, DecodeGate gate);
}
