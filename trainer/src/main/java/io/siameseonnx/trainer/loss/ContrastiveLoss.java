package io.siameseonnx.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The contrastive loss of Hadsell, Chopra and LeCun (2006), as the seed writes it:
 *
 * <pre>  L = mean( y * d^2 + (1 - y) * max(0, m - d)^2 )</pre>
 *
 * with y = 1 for similar pairs, d the Euclidean distance between the two embeddings and m the
 * margin. Predictions hold the squared distances (so that identical pairs have a finite gradient);
 * labels hold y.
 */
public final class ContrastiveLoss extends Loss {
  /** Keeps the square root's gradient finite at zero distance. */
  static final float EPSILON = 1e-12f;

  private final float margin;

  /** Creates the loss with the given margin (the seed uses 1). */
  public ContrastiveLoss(float margin) {
    super("ContrastiveLoss");
    if (!(margin > 0)) {
      throw new IllegalArgumentException("margin must be positive");
    }
    this.margin = margin;
  }

  /** The margin m. */
  public float margin() {
    return margin;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray y = labels.singletonOrThrow().toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    NDArray squared = predictions.singletonOrThrow().reshape(y.getShape());
    NDArray distance = squared.maximum(EPSILON).sqrt();
    NDArray hinge = distance.neg().add(margin).maximum(0f);
    NDArray similar = y.mul(squared);
    NDArray dissimilar = y.neg().add(1f).mul(hinge.square());
    return similar.add(dissimilar).mean();
  }
}
