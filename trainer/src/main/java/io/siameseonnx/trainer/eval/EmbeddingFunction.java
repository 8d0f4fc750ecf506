package io.siameseonnx.trainer.eval;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.data.PairSet;
import io.siameseonnx.trainer.model.TowerInference;

/**
 * What evaluation embeds images with: a function from preprocessed images (CHW float arrays) to
 * embeddings, a DJL tower in inference mode, an exported ONNX model or the raw pixels themselves.
 */
@FunctionalInterface
public interface EmbeddingFunction {
  /** One embedding per image. */
  float[][] embed(float[][] images);

  /** A DJL tower in inference mode, 256 images a forward pass. */
  static EmbeddingFunction of(Block tower, NDManager manager, long[] inputShape) {
    return images -> TowerInference.embed(tower, manager, inputShape, images, 256);
  }

  /** The distance under {@code metric} between the embeddings of each pair's two images. */
  default double[] distances(PairSet pairs, Metric metric) {
    float[][] a = embed(pairs.first());
    float[][] b = embed(pairs.second());
    double[] d = new double[pairs.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = metric.between(a[i], b[i]);
    }
    return d;
  }

  /** The raw pixels as their own "embedding": the baseline a model must beat. */
  static EmbeddingFunction rawPixels() {
    return images -> images;
  }
}
