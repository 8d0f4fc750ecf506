package io.siameseonnx.server.service;

/**
 * One image in a request: encoded bytes (base64 in JSON, a part in multipart) or an already
 * preprocessed tensor. Each knows where in the request it came from, so errors can say which image
 * was wrong.
 */
public sealed interface ImageInput extends ModelInput permits EncodedImage, TensorImage {
  /** Where the image is in the request, e.g. {@code images[2]} or {@code pairs[0].b}. */
  String source();
}
