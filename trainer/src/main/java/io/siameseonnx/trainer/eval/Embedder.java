package io.siameseonnx.trainer.eval;

/** Maps preprocessed images (CHW float arrays) to embeddings: a DJL tower or an ONNX model. */
@FunctionalInterface
public interface Embedder {
  /** One embedding per image. */
  float[][] embed(float[][] images);

  /** The raw pixels as their own "embedding": the baseline a model must beat. */
  static Embedder rawPixels() {
    return images -> images;
  }
}
