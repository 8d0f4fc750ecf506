package io.siameseonnx.trainer.train;

/**
 * How the classifier is pretrained.
 *
 * @param epochs the most epochs to run
 * @param batchSize images per step
 * @param optimizer the optimiser
 * @param learningRate the initial learning rate
 * @param validationFraction share of the data held out for validation (stratified)
 * @param stopPatience epochs without validation improvement before stopping (0: never)
 * @param lrPatience epochs without improvement before the rate is multiplied by {@code lrFactor}
 * @param lrFactor learning-rate reduction factor
 * @param augment random shifts of up to 2 pixels during training
 * @param seed seed of the shuffles, the split and the initial weights
 */
public record PretrainConfig(
    int epochs,
    int batchSize,
    OptimizerChoice optimizer,
    float learningRate,
    double validationFraction,
    int stopPatience,
    int lrPatience,
    float lrFactor,
    boolean augment,
    long seed) {

  /** Checks the numbers. */
  public PretrainConfig {
    if (epochs < 0 || batchSize <= 0 || !(learningRate > 0)) {
      throw new IllegalArgumentException("epochs, batch size and learning rate must be positive");
    }
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validation fraction must lie in (0, 1)");
    }
  }

  /** A copy with another number of epochs (0: no pretraining). */
  public PretrainConfig withEpochs(int newEpochs) {
    return new PretrainConfig(
        newEpochs,
        batchSize,
        optimizer,
        learningRate,
        validationFraction,
        stopPatience,
        lrPatience,
        lrFactor,
        augment,
        seed);
  }
}
