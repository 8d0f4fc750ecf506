package io.siameseonnx.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.siameseonnx.shared.distance.Metric;
import java.util.Locale;

/**
 * Online mining inside a class-labelled batch: from the embeddings of a batch (B x D) and their
 * class labels, build the loss from the most informative pairs or triplets rather than random ones.
 * Distances, and so "hardest" and "farther", are under the recipe's metric.
 *
 * <ul>
 *   <li>{@link #NONE}: every pair in the batch (contrastive) or every valid triplet (triplet).
 *   <li>{@link #BATCH_HARD}: per anchor, its farthest positive and nearest negative (Hermans et
 *       al., 2017).
 *   <li>{@link #SEMI_HARD}: per anchor-positive pair, the nearest negative that is still farther
 *       than the positive; where there is none, the farthest negative (FaceNet; as TensorFlow
 *       Addons does it).
 * </ul>
 */
public enum Mining {
  /** All pairs or triplets. */
  NONE,
  /** Hardest positive and hardest negative per anchor. */
  BATCH_HARD,
  /** Semi-hard negatives per anchor-positive pair. */
  SEMI_HARD;

  /** Parses {@code none}, {@code batch-hard} or {@code semi-hard}. */
  public static Mining parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "none" -> NONE;
      case "batch-hard" -> BATCH_HARD;
      case "semi-hard" -> SEMI_HARD;
      default ->
          throw new IllegalArgumentException(
              "unknown mining '" + name + "' (choose none, batch-hard or semi-hard)");
    };
  }

  /** The option value. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Masks (as float 0/1) of same-class pairs without the diagonal, and of different-class pairs.
   */
  private static NDArray[] masks(NDArray labels) {
    NDManager m = labels.getManager();
    long b = labels.getShape().get(0);
    NDArray col = labels.reshape(b, 1);
    NDArray row = labels.reshape(1, b);
    NDArray same = col.eq(row);
    NDArray eye = m.eye((int) b).toType(DataType.BOOLEAN, false);
    NDArray positive = same.logicalAnd(eye.logicalNot()).toType(DataType.FLOAT32, false);
    NDArray negative = same.logicalNot().toType(DataType.FLOAT32, false);
    return new NDArray[] {positive, negative};
  }

  /**
   * The triplet loss of a batch under this mining.
   *
   * @param embeddings B x D
   * @param labels B class labels (int)
   * @param alpha triplet margin
   * @param metric the distance between embeddings
   */
  public NDArray tripletLoss(NDArray embeddings, NDArray labels, float alpha, Metric metric) {
    NDArray d = BatchDistances.pairwise(metric, embeddings);
    NDArray[] mk = masks(labels);
    NDArray pos = mk[0];
    NDArray neg = mk[1];
    return switch (this) {
      case BATCH_HARD -> {
        NDArray hardestPos = d.mul(pos).max(new int[] {1});
        NDArray hardestNeg = hardestNegative(d, neg);
        NDArray valid = pos.sum(new int[] {1}).gt(0f).logicalAnd(neg.sum(new int[] {1}).gt(0f));
        NDArray losses = hardestPos.sub(hardestNeg).add(alpha).maximum(0f);
        yield masked(losses, valid.toType(DataType.FLOAT32, false));
      }
      case SEMI_HARD -> semiHard(d, pos, neg, alpha);
      case NONE -> {
        // every (a, p, n): d(a,p) - d(a,n) + alpha over B x B x B, masked to valid triplets
        long b = d.getShape().get(0);
        NDArray dap = d.reshape(b, b, 1);
        NDArray dan = d.reshape(b, 1, b);
        NDArray valid = pos.reshape(b, b, 1).mul(neg.reshape(b, 1, b));
        NDArray losses = dap.sub(dan).add(alpha).maximum(0f);
        yield masked(losses, valid);
      }
    };
  }

  private static NDArray semiHard(NDArray d, NDArray pos, NDArray neg, float alpha) {
    long b = d.getShape().get(0);
    NDArray dap = d.reshape(b, b, 1); // [a, p, 1]
    NDArray dan = d.reshape(b, 1, b); // [a, 1, n]
    NDArray negMask = neg.reshape(b, 1, b);
    // negatives farther than the positive
    NDArray farther = dan.gt(dap).toType(DataType.FLOAT32, false).mul(negMask); // [a, p, n]
    NDArray big = d.max().add(1f);
    NDArray nearestFarther = dan.add(farther.neg().add(1f).mul(big)).min(new int[] {2}); // [a, p]
    NDArray hasFarther = farther.sum(new int[] {2}).gt(0f);
    NDArray farthestNeg = d.mul(neg).max(new int[] {1}, true).broadcast(b, b); // [a, p]
    NDArray chosen = NDArrays.where(hasFarther, nearestFarther, farthestNeg);
    NDArray losses = d.sub(chosen).add(alpha).maximum(0f);
    NDArray valid = pos.mul(neg.sum(new int[] {1}, true).gt(0f).toType(DataType.FLOAT32, false));
    return masked(losses, valid);
  }

  /**
   * The contrastive loss of a batch under this mining: all positive pairs, with all negative pairs
   * ({@link #NONE}) or only each anchor's hardest negative (otherwise).
   *
   * @param embeddings B x D
   * @param labels B class labels (int)
   * @param margin contrastive margin
   * @param metric the distance between embeddings
   */
  public NDArray contrastiveLoss(NDArray embeddings, NDArray labels, float margin, Metric metric) {
    NDArray d = BatchDistances.pairwise(metric, embeddings);
    NDArray[] mk = masks(labels);
    NDArray pos = mk[0];
    NDArray neg = mk[1];
    NDArray posLoss = masked(d.square(), pos);
    NDArray hinge = d.neg().add(margin).maximum(0f).square();
    if (this == NONE) {
      return posLoss.add(masked(hinge, neg));
    }
    NDArray hardestNeg = hardestNegative(d, neg);
    NDArray valid = neg.sum(new int[] {1}).gt(0f).toType(DataType.FLOAT32, false);
    NDArray negLoss = masked(hardestNeg.neg().add(margin).maximum(0f).square(), valid);
    return posLoss.add(negLoss);
  }

  /** Each anchor's nearest negative: non-negatives are pushed beyond the largest distance. */
  private static NDArray hardestNegative(NDArray d, NDArray neg) {
    NDArray big = d.max().add(1f);
    return d.add(neg.neg().add(1f).mul(big)).min(new int[] {1});
  }

  /** Mean of {@code values} where {@code mask} is 1; 0 when the mask is empty. */
  private static NDArray masked(NDArray values, NDArray mask) {
    return values.mul(mask).sum().div(mask.sum().maximum(1f));
  }
}
