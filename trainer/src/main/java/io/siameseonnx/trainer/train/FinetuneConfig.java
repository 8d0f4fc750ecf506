package io.siameseonnx.trainer.train;

import io.siameseonnx.trainer.augment.Augmentation;
import io.siameseonnx.trainer.loss.LossKind;
import io.siameseonnx.trainer.loss.Mining;
import io.siameseonnx.trainer.loss.SupConLoss;

/**
 * How the Siamese network is fine-tuned. Built with {@link #builder()} (or {@link #toBuilder()} for
 * a variant), every setting by name.
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
 * @param loss contrastive (pairs), triplet or supcon
 * @param mining online mining inside class-balanced batches ({@code NONE} with the contrastive
 *     loss: plain pairs)
 * @param tripletMargin alpha of the triplet loss
 * @param classesPerBatch classes in a balanced batch (mining and triplet)
 * @param imagesPerClass images of each class in a balanced batch
 * @param temperature softmax temperature of the supervised contrastive loss
 * @param projection units of a projection head trained on top of the tower and dropped afterwards
 *     (0: none); the loss then sees the head's output, and the exported embedding is the tower's
 * @param augment random changes to each training image as it enters a batch (validation pairs are
 *     never changed)
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
    int projection,
    Augmentation augment) {

  /** The triplet margin alpha unless a recipe says otherwise. */
  public static final float DEFAULT_TRIPLET_MARGIN = 0.2f;

  /** Classes in a balanced batch unless a recipe says otherwise. */
  public static final int DEFAULT_CLASSES_PER_BATCH = 8;

  /** Images of each class in a balanced batch unless a recipe says otherwise. */
  public static final int DEFAULT_IMAGES_PER_CLASS = 4;

  /** Checks the numbers. */
  public FinetuneConfig {
    if (epochs < 0 || batchSize <= 0 || !(learningRate > 0) || !(margin > 0)) {
      throw new IllegalArgumentException(
          "epochs, batch size, learning rate and margin must be positive");
    }
    if (optimizer == null || loss == null || mining == null || augment == null) {
      throw new IllegalArgumentException("optimizer, loss, mining and augment must be given");
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

  /**
   * A builder that needs the epochs, batch size, optimiser, learning rate, margin, patiences, rate
   * factor and seed; the rest default to the contrastive loss on plain pairs, no frozen layers, no
   * projection head and no augmentation, with {@link #DEFAULT_TRIPLET_MARGIN}, balanced batches of
   * {@link #DEFAULT_CLASSES_PER_BATCH} x {@link #DEFAULT_IMAGES_PER_CLASS} and {@link
   * SupConLoss#DEFAULT_TEMPERATURE} should a variant turn those losses on.
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
        .margin(margin)
        .freezeConv(freezeConv)
        .stopPatience(stopPatience)
        .lrPatience(lrPatience)
        .lrFactor(lrFactor)
        .seed(seed)
        .loss(loss)
        .mining(mining)
        .tripletMargin(tripletMargin)
        .classesPerBatch(classesPerBatch)
        .imagesPerClass(imagesPerClass)
        .temperature(temperature)
        .projection(projection)
        .augment(augment);
  }

  /** Builds a {@link FinetuneConfig} from named settings. */
  public static final class Builder {
    private Integer epochs;
    private Integer batchSize;
    private OptimizerChoice optimizer;
    private Float learningRate;
    private Float margin;
    private boolean freezeConv;
    private Integer stopPatience;
    private Integer lrPatience;
    private Float lrFactor;
    private Long seed;
    private LossKind loss = LossKind.CONTRASTIVE;
    private Mining mining = Mining.NONE;
    private float tripletMargin = DEFAULT_TRIPLET_MARGIN;
    private int classesPerBatch = DEFAULT_CLASSES_PER_BATCH;
    private int imagesPerClass = DEFAULT_IMAGES_PER_CLASS;
    private float temperature = SupConLoss.DEFAULT_TEMPERATURE;
    private int projection;
    private Augmentation augment = Augmentation.none();

    private Builder() {}

    /** The most epochs to run. */
    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    /** Pairs per step. */
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

    /** The contrastive margin m. */
    public Builder margin(float value) {
      margin = value;
      return this;
    }

    /** Keep the convolution and batch-norm layers fixed (default off). */
    public Builder freezeConv(boolean value) {
      freezeConv = value;
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

    /** Seed of the pair draws and shuffles. */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /** The Siamese loss (default contrastive). */
    public Builder loss(LossKind value) {
      loss = value;
      return this;
    }

    /** Online mining in class-balanced batches (default none: plain pairs). */
    public Builder mining(Mining value) {
      mining = value;
      return this;
    }

    /** Alpha of the triplet loss (default {@value FinetuneConfig#DEFAULT_TRIPLET_MARGIN}). */
    public Builder tripletMargin(float value) {
      tripletMargin = value;
      return this;
    }

    /** Classes in a balanced batch. */
    public Builder classesPerBatch(int value) {
      classesPerBatch = value;
      return this;
    }

    /** Images of each class in a balanced batch. */
    public Builder imagesPerClass(int value) {
      imagesPerClass = value;
      return this;
    }

    /** Softmax temperature of the supervised contrastive loss. */
    public Builder temperature(float value) {
      temperature = value;
      return this;
    }

    /** Units of a projection head dropped after training (default 0: none). */
    public Builder projection(int value) {
      projection = value;
      return this;
    }

    /** Random changes to training images (default none). */
    public Builder augment(Augmentation value) {
      augment = value;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException when a setting without a default was not given
     * @throws IllegalArgumentException when settings are out of range or do not go together
     */
    public FinetuneConfig build() {
      return new FinetuneConfig(
          Required.value(epochs, "epochs"),
          Required.value(batchSize, "batchSize"),
          Required.value(optimizer, "optimizer"),
          Required.value(learningRate, "learningRate"),
          Required.value(margin, "margin"),
          freezeConv,
          Required.value(stopPatience, "stopPatience"),
          Required.value(lrPatience, "lrPatience"),
          Required.value(lrFactor, "lrFactor"),
          Required.value(seed, "seed"),
          loss,
          mining,
          tripletMargin,
          classesPerBatch,
          imagesPerClass,
          temperature,
          projection,
          augment);
    }
  }
}
