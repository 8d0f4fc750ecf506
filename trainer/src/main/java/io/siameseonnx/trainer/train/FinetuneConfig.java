package io.siameseonnx.trainer.train;

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
    long seed) {
  /** Checks the numbers. */
  public FinetuneConfig {
    if (epochs < 0 || batchSize <= 0 || !(learningRate > 0) || !(margin > 0)) {
      throw new IllegalArgumentException(
          "epochs, batch size, learning rate and margin must be positive");
    }
  }
}
