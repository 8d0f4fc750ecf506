package io.siameseonnx.trainer.train;

import io.siameseonnx.trainer.loss.LossKind;
import io.siameseonnx.trainer.loss.Mining;

/**
 * How the Siamese network is fine-tuned.
 *
 * @param epochs the most epochs to run
 * @param batchSize pairs per step
 * @param optimizer the optimiser
 * @param learningRate the initial learning rate
 * @param margin contrastive margin m
 * @param freezeConv keep the convolution and batch-norm layers fixed
 * @param stopPatience epochs without validation improvement before stopping (0: never)
 * @param lrPatience epochs without improvement before the rate is multiplied by {@code lrFactor}
 * @param lrFactor learning-rate reduction factor
 * @param seed seed of the pair draws and shuffles
 * @param loss contrastive (pairs) or triplet
 * @param mining online mining inside class-balanced batches ({@code NONE} with the contrastive
 *     loss: plain pairs)
 * @param tripletMargin alpha of the triplet loss
 * @param classesPerBatch classes in a balanced batch (mining and triplet)
 * @param imagesPerClass images of each class in a balanced batch
 * @param temperature softmax temperature of the supervised contrastive loss
 * @param projection units of a projection head trained on top of the tower and dropped afterwards
 *     (0: none); the loss then sees the head's output, and the exported embedding is the tower's
 */
public record FinetuneConfig(
    int epochs,
    int batchSize,
    OptimizerChoice optimizer,
    float learningRate,
    float margin,
    boolean freezeConv,
    int stopPatience,
    int lrPatience,
    float lrFactor,
    long seed,
    LossKind loss,
    Mining mining,
    float tripletMargin,
    int classesPerBatch,
    int imagesPerClass,
    float temperature,
    int projection) {
  /** Checks the numbers. */
  public FinetuneConfig {
    if (epochs < 0 || batchSize <= 0 || !(learningRate > 0) || !(margin > 0)) {
      throw new IllegalArgumentException(
          "epochs, batch size, learning rate and margin must be positive");
    }
    if (loss == null || mining == null) {
      throw new IllegalArgumentException("loss and mining must be given");
    }
    if (!(tripletMargin > 0) || classesPerBatch < 2 || imagesPerClass < 2) {
      throw new IllegalArgumentException(
          "triplet margin must be positive, balanced batches need 2+ classes of 2+ images");
    }
    if (!(temperature > 0) || projection < 0) {
      throw new IllegalArgumentException(
          "temperature must be positive and projection units 0 or more");
    }
    if (loss == LossKind.SUPCON && mining != Mining.NONE) {
      throw new IllegalArgumentException(
          "--loss supcon weighs every pair of the batch itself; use it with --mining none");
    }
  }

  /** Whether training uses plain pairs (contrastive loss without mining). */
  public boolean plainPairs() {
    return loss == LossKind.CONTRASTIVE && mining == Mining.NONE;
  }
}
