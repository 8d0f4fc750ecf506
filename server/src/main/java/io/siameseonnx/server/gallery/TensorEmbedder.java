package io.siameseonnx.server.gallery;

/**
 * Embeds preprocessed input tensors with one model, a batch at a time: what a re-embedding calls
 * with the gallery's stored tensors. Implementations may fail with an unchecked exception, which
 * fails the re-embedding and leaves the gallery on its old model.
 */
@FunctionalInterface
public interface TensorEmbedder {
  /** One embedding a tensor, in order. */
  float[][] embed(float[][] tensors);
}
