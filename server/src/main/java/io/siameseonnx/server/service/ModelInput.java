package io.siameseonnx.server.service;

import io.siameseonnx.shared.image.DecodeGate;
import io.siameseonnx.shared.image.ImagePreprocessor;

/** One image of a request, turned into the model's input by the model's own preprocessor. */
@FunctionalInterface
public interface ModelInput {
  /**
   * The preprocessed CHW image: {@code preprocessor.spec().tensorSize()} floats.
   *
   * @param gate admits the decoding of an encoded image (see {@link DecodeBudget})
   * @throws io.siameseonnx.shared.image.InvalidImageException when the image cannot be used
   */
  float[] prepare(ImagePreprocessor preprocessor, DecodeGate gate);
}
