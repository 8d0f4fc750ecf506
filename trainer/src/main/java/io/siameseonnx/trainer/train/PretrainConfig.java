package io.siameseonnx.trainer.train;

import java.util.Objects;

/**
 * How the classifier is pretrained. Built with {@link #builder()} (or {@link #toBuilder()} for a
 * variant), every setting by name.
 *
 * @param epochs the most epochs to run (0: no pretraining)
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
    Objects.requireNonNull(optimizer, "optimizer");
    if (epochs < 0 || batchSize <= 0 || !(learningRate > 0)) {
      throw new IllegalArgumentException("epochs, batch size and learning rate must be positive");
    }
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validation fraction must lie in (0, 1)");
    }
  }

  /**
   * A builder that needs the epochs, batch size, optimiser, learning rate, validation fraction,
   * patiences, rate factor and seed; augmentation is off unless asked for.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    return new Builder()
        .epochs(epochs)
        .batchSize(batchSize)
        .optimizer(optimizer)
        .learningRate(learningRate)
        .validationFraction(validationFraction)
        .stopPatience(stopPatience)
        .lrPatience(lrPatience)
        .lrFactor(lrFactor)
        .augment(augment)
        .seed(seed);
  }

  /** Builds a {@link PretrainConfig} from named settings. */
  public static final class Builder {
    private Integer epochs;
    private Integer batchSize;
    private OptimizerChoice optimizer;
    private Float learningRate;
    private Double validationFraction;
    private Integer stopPatience;
    private Integer lrPatience;
    private Float lrFactor;
    private boolean augment;
    private Long seed;

    private Builder() {}

    /** The most epochs to run (0: no pretraining). */
    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    /** Images per step. */
    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    /** The optimiser. */
    public Builder optimizer(OptimizerChoice value) {
      optimizer = value;
      return this;
    }

    /** The initial learning rate. */
    public Builder learningRate(float value) {
      learningRate = value;
      return this;
    }

    /** Share of the data held out for validation. */
    public Builder validationFraction(double value) {
      validationFraction = value;
      return this;
    }

    /** Epochs without validation improvement before stopping (0: never). */
    public Builder stopPatience(int value) {
      stopPatience = value;
      return this;
    }

    /** Epochs without improvement before the learning rate is lowered. */
    public Builder lrPatience(int value) {
      lrPatience = value;
      return this;
    }

    /** Learning-rate reduction factor. */
    public Builder lrFactor(float value) {
      lrFactor = value;
      return this;
    }

    /** Random shifts of up to 2 pixels during training (default off). */
    public Builder augment(boolean value) {
      augment = value;
      return this;
    }

    /** Seed of the shuffles, the split and the initial weights. */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException when a setting without a default was not given
     * @throws IllegalArgumentException when a number is out of range
     */
    public PretrainConfig build() {
      return new PretrainConfig(
          Required.value(epochs, "epochs"),
          Required.value(batchSize, "batchSize"),
          Required.value(optimizer, "optimizer"),
          Required.value(learningRate, "learningRate"),
          Required.value(validationFraction, "validationFraction"),
          Required.value(stopPatience, "stopPatience"),
          Required.value(lrPatience, "lrPatience"),
          Required.value(lrFactor, "lrFactor"),
          augment,
          Required.value(seed, "seed"));
    }
  }
}
