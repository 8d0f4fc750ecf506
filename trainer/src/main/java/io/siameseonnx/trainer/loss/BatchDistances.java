package io.siameseonnx.trainer.loss;

import ai.djl.ndarray.NDArray;
import io.siameseonnx.shared.distance.Metric;

/**
 * Distances between embeddings as NDArrays, under a {@link Metric}: what the pair, triplet and
 * mining losses measure, the same distances {@code shared}'s {@code Distances} computes in plain
 * Java, with a finite gradient where two embeddings coincide.
 */
public final class BatchDistances {
  /** Keeps square roots and norms away from zero, so gradients stay finite. */
  static final float EPSILON = 1e-12f;

  private BatchDistances() {}

  /**
   * The distance between row i of {@code a} and row i of {@code b}, for every i.
   *
   * @param a B x D
   * @param b B x D
   * @return B distances
   */
  public static NDArray rows(Metric metric, NDArray a, NDArray b) {
    return switch (metric) {
      case EUCLIDEAN -> squaredEuclideanRows(a, b).maximum(EPSILON).sqrt();
      case COSINE -> unit(a).mul(unit(b)).sum(new int[] {1}).neg().add(1f);
    };
  }

  /** The squared Euclidean distance between row i of {@code a} and row i of {@code b}. */
  public static NDArray squaredEuclideanRows(NDArray a, NDArray b) {
    return a.sub(b).square().sum(new int[] {1});
  }

  /**
   * The distances between all rows of {@code e}, B x B.
   *
   * @param e B x D
   */
  public static NDArray pairwise(Metric metric, NDArray e) {
    return switch (metric) {
      case EUCLIDEAN -> {
        NDArray sq = e.square().sum(new int[] {1}, true);
        NDArray d2 = sq.add(sq.transpose()).sub(e.matMul(e.transpose()).mul(2f));
        yield d2.maximum(EPSILON).sqrt();
      }
      case COSINE -> {
        NDArray z = unit(e);
        yield z.matMul(z.transpose()).neg().add(1f);
      }
    };
  }

  /** Each row scaled to unit length ({@code x / max(||x||, 1e-12)}), as the L2 layer does. */
  static NDArray unit(NDArray e) {
    return e.div(e.square().sum(new int[] {1}, true).sqrt().maximum(EPSILON));
  }
}
