package io.siameseonnx.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The supervised contrastive loss of Khosla et al. (2020), "SupCon", over one class-labelled batch:
 *
 * <pre>
 *   L = mean over anchors i of  -1/|P(i)| * sum over p in P(i) of log softmax_j(z_i . z_j / t)[p]
 * </pre>
 *
 * where z are the L2-normalised embeddings, P(i) the other images of i's class, the softmax runs
 * over every image but i itself, and t is the temperature. Anchors without a positive in the batch
 * are left out. Unlike the contrastive and triplet losses it uses every pair of the batch at once,
 * weighted by how hard it is, so it needs no mining. It is cosine by nature: it compares normalised
 * embeddings by their dot product whatever the recipe's metric, which then only decides how the
 * trained model's distances are calibrated, evaluated and served.
 */
public final class SupConLoss {
  /**
   * The default temperature, 1: on unseen digits it did better than 0.5 and 0.2 (the paper uses 0.1
   * on ImageNet, with far larger batches).
   */
  public static final float DEFAULT_TEMPERATURE = 1f;

  /** Added to the self-similarity so that an image never counts as its own candidate. */
  private static final float SELF_MASK = -1e4f;

  private SupConLoss() {}

  /**
   * The loss of a batch.
   *
   * @param embeddings B x D, normalised here
   * @param labels B class labels (int)
   * @param temperature softmax temperature t, positive
   * @return a scalar
   */
  public static NDArray of(NDArray embeddings, NDArray labels, float temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be positive");
    }
    NDManager m = embeddings.getManager();
    long b = embeddings.getShape().get(0);
    NDArray norm = embeddings.square().sum(new int[] {1}, true).sqrt().maximum(1e-12f);
    NDArray z = embeddings.div(norm);
    NDArray eye = m.eye((int) b);
    NDArray logits = z.matMul(z.transpose()).div(temperature).add(eye.mul(SELF_MASK));
    NDArray logProb = logits.logSoftmax(1);
    NDArray same = labels.reshape(b, 1).eq(labels.reshape(1, b)).toType(DataType.FLOAT32, false);
    NDArray positive = same.sub(eye);
    NDArray count = positive.sum(new int[] {1});
    NDArray perAnchor = positive.mul(logProb).sum(new int[] {1}).div(count.maximum(1f)).neg();
    NDArray valid = count.gt(0f).toType(DataType.FLOAT32, false);
    return perAnchor.mul(valid).sum().div(valid.sum().maximum(1f));
  }
}
