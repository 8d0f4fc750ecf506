package io.siameseonnx.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The triplet loss of Schroff, Kalenichenko and Philbin (2015), which the seed names:
 *
 * <pre>  L = mean( max(0, d(a, p) - d(a, n) + alpha) )</pre>
 *
 * with d the distance (under the recipe's metric) between embeddings of an anchor, a positive of
 * the anchor's class and a negative of another class. Predictions hold two arrays, d(a, p) and d(a,
 * n); labels are not used.
 */
public final class TripletLoss extends Loss {
  private final float alpha;

  /** Creates the loss with margin {@code alpha}. */
  public TripletLoss(float alpha) {
    super("TripletLoss");
    if (!(alpha > 0)) {
      throw new IllegalArgumentException("triplet margin must be positive");
    }
    this.alpha = alpha;
  }

  /** The margin alpha. */
  public float alpha() {
    return alpha;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return of(predictions.get(0), predictions.get(1), alpha);
  }

  /** The loss from positive and negative distances of equal shape. */
  public static NDArray of(NDArray positive, NDArray negative, float alpha) {
    return positive.sub(negative).add(alpha).maximum(0f).mean();
  }
}
