package io.siameseonnx.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import io.siameseonnx.shared.distance.Metric;

/**
 * The contrastive loss of Hadsell, Chopra and LeCun (2006), as the seed writes it:
 *
 * <pre>  L = mean( y * d^2 + (1 - y) * max(0, m - d)^2 )</pre>
 *
 * with y = 1 for similar pairs, d the distance between the two embeddings under the recipe's metric
 * and m the margin. Labels hold y; predictions hold what {@link #input} gives: with the Euclidean
 * metric the squared distances (so that identical pairs have a finite gradient), with the cosine
 * metric the distances {@code 1 - cos} themselves.
 */
public final class ContrastiveLoss extends Loss {
  /** Keeps the square root's gradient finite at zero distance. */
  static final float EPSILON = BatchDistances.EPSILON;

  private final float margin;
  private final Metric metric;

  /** Creates the loss on Euclidean distances with the given margin (the seed uses 1). */
  public ContrastiveLoss(float margin) {
    this(margin, Metric.EUCLIDEAN);
  }

  /** Creates the loss on distances under {@code metric} with the given margin. */
  public ContrastiveLoss(float margin, Metric metric) {
    super("ContrastiveLoss");
    if (!(margin > 0)) {
      throw new IllegalArgumentException("margin must be positive");
    }
    this.margin = margin;
    this.metric = java.util.Objects.requireNonNull(metric, "metric");
  }

  /** The margin m. */
  public float margin() {
    return margin;
  }

  /** The predictions for pairs of embeddings: row i of {@code a} against row i of {@code b}. */
  public NDArray input(NDArray a, NDArray b) {
    return metric == Metric.EUCLIDEAN
        ? BatchDistances.squaredEuclideanRows(a, b)
        : BatchDistances.rows(metric, a, b);
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray y = labels.singletonOrThrow().toType(DataType.FLOAT32, false);
    NDArray input = predictions.singletonOrThrow().reshape(y.getShape());
    NDArray squared;
    NDArray distance;
    if (metric == Metric.EUCLIDEAN) {
      squared = input;
      distance = input.maximum(EPSILON).sqrt();
    } else {
      squared = input.square();
      distance = input;
    }
    NDArray hinge = distance.neg().add(margin).maximum(0f);
    NDArray similar = y.mul(squared);
    NDArray dissimilar = y.neg().add(1f).mul(hinge.square());
    return similar.add(dissimilar).mean();
  }
}
