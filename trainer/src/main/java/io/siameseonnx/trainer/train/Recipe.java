package io.siameseonnx.trainer.train;

import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.loss.LossKind;
import java.util.Locale;
import java.util.Objects;

/**
 * A complete training recipe: the tower, both stages and the pair setup. {@link #seed} follows the
 * article to the letter; {@link #standard} is the default, which works; {@link #fewShot} is for
 * classes never seen in training. Built with {@link #builder()} (or {@link #toBuilder()} for a
 * variant), every setting by name.
 *
 * @param name preset name
 * @param architecture named tower ({@code seed}, {@code compact}, {@code wide}, {@code resnet})
 * @param l2Normalize append an L2 normalisation to the tower
 * @param metric the distance between embeddings: what the pair, triplet and mining losses measure,
 *     what the threshold is calibrated on and the model is evaluated and served with
 * @param pretrain stage 1 settings
 * @param finetune stage 2 settings
 * @param freshPairs draw new training pairs every epoch (else the article's 50 fixed pairs)
 * @param pairsPerEpoch training pairs per epoch when drawing fresh ones
 */
public record Recipe(
    String name,
    String architecture,
    boolean l2Normalize,
    Metric metric,
    PretrainConfig pretrain,
    FinetuneConfig finetune,
    boolean freshPairs,
    int pairsPerEpoch) {

  /** Checks that the parts are there. */
  public Recipe {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(pretrain, "pretrain");
    Objects.requireNonNull(finetune, "finetune");
    if (pairsPerEpoch <= 0) {
      throw new IllegalArgumentException("pairs per epoch must be positive");
    }
  }

  /** The article's recipe: seed tower, RMSprop pretraining, Adam 1e-4, batch 8, 10 epochs. */
  public static Recipe seed(long seed) {
    return builder()
        .name("seed")
        .architecture("seed")
        .l2Normalize(false)
        .metric(Metric.EUCLIDEAN)
        .pretrain(
            PretrainConfig.builder()
                .epochs(10)
                .batchSize(32)
                .optimizer(OptimizerChoice.RMSPROP)
                .learningRate(1e-3f)
                .validationFraction(0.2)
                .stopPatience(5)
                .lrPatience(2)
                .lrFactor(0.1f)
                .augment(false)
                .seed(seed)
                .build())
        .finetune(
            FinetuneConfig.builder()
                .epochs(10)
                .batchSize(8)
                .optimizer(OptimizerChoice.ADAM)
                .learningRate(1e-4f)
                .margin(1f)
                .stopPatience(3)
                .lrPatience(2)
                .lrFactor(0.1f)
                .seed(seed)
                .loss(LossKind.CONTRASTIVE)
                .build())
        .freshPairs(false)
        .pairsPerEpoch(50)
        .build();
  }

  /**
   * The default: compact tower with L2-normalised embeddings, Adam pretraining with shift
   * augmentation, and fine-tuning at lr 1e-3 on fresh pairs every epoch.
   */
  public static Recipe standard(long seed) {
    return builder()
        .name("default")
        .architecture("compact")
        .l2Normalize(true)
        .metric(Metric.EUCLIDEAN)
        .pretrain(
            PretrainConfig.builder()
                .epochs(12)
                .batchSize(32)
                .optimizer(OptimizerChoice.ADAM)
                .learningRate(2e-3f)
                .validationFraction(0.2)
                .stopPatience(4)
                .lrPatience(2)
                .lrFactor(0.3f)
                .augment(true)
                .seed(seed)
                .build())
        .finetune(
            FinetuneConfig.builder()
                .epochs(20)
                .batchSize(16)
                .optimizer(OptimizerChoice.ADAM)
                .learningRate(1e-3f)
                .margin(1f)
                .stopPatience(6)
                .lrPatience(3)
                .lrFactor(0.3f)
                .seed(seed)
                .loss(LossKind.CONTRASTIVE)
                .build())
        .freshPairs(true)
        .pairsPerEpoch(256)
        .build();
  }

  /**
   * For recognising classes never seen in training from one example: the default recipe with the
   * wide tower (no dense layer), no classifier pretraining, and the supervised contrastive loss
   * (temperature 1) on class-balanced batches of 16 images a class, through a 256-unit projection
   * head that the export leaves out, for 25 epochs. Needs class-labelled pairs data.
   */
  public static Recipe fewShot(long seed) {
    Recipe standard = standard(seed);
    return standard.toBuilder()
        .name("few-shot")
        .architecture("wide")
        .pretrain(standard.pretrain().toBuilder().epochs(0).build())
        .finetune(
            standard.finetune().toBuilder()
                .epochs(25)
                .loss(LossKind.SUPCON)
                .imagesPerClass(16)
                .projection(256)
                .build())
        .build();
  }

  /** The preset of that name. */
  public static Recipe preset(String name, long seed) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "default" -> standard(seed);
      case "seed" -> seed(seed);
      case "few-shot" -> fewShot(seed);
      default ->
          throw new IllegalArgumentException(
              "unknown preset '" + name + "' (choose default, seed or few-shot)");
    };
  }

  /**
   * A builder that needs the name, tower, both stages, the pair setup; the embeddings are not
   * L2-normalised and distances Euclidean unless it is told otherwise.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this recipe, to change some of it. */
  public Builder toBuilder() {
    return new Builder()
        .name(name)
        .architecture(architecture)
        .l2Normalize(l2Normalize)
        .metric(metric)
        .pretrain(pretrain)
        .finetune(finetune)
        .freshPairs(freshPairs)
        .pairsPerEpoch(pairsPerEpoch);
  }

  /** Builds a {@link Recipe} from named settings. */
  public static final class Builder {
    private String name;
    private String architecture;
    private boolean l2Normalize;
    private Metric metric = Metric.EUCLIDEAN;
    private PretrainConfig pretrain;
    private FinetuneConfig finetune;
    private Boolean freshPairs;
    private Integer pairsPerEpoch;

    private Builder() {}

    /** The preset's name. */
    public Builder name(String value) {
      name = value;
      return this;
    }

    /** The named tower. */
    public Builder architecture(String value) {
      architecture = value;
      return this;
    }

    /** Append an L2 normalisation to the tower (default off). */
    public Builder l2Normalize(boolean value) {
      l2Normalize = value;
      return this;
    }

    /** The distance between embeddings (default Euclidean). */
    public Builder metric(Metric value) {
      metric = value;
      return this;
    }

    /** Stage 1 settings. */
    public Builder pretrain(PretrainConfig value) {
      pretrain = value;
      return this;
    }

    /** Stage 2 settings. */
    public Builder finetune(FinetuneConfig value) {
      finetune = value;
      return this;
    }

    /** Draw new training pairs every epoch rather than the article's fixed ones. */
    public Builder freshPairs(boolean value) {
      freshPairs = value;
      return this;
    }

    /** Training pairs per epoch when drawing fresh ones. */
    public Builder pairsPerEpoch(int value) {
      pairsPerEpoch = value;
      return this;
    }

    /**
     * The recipe.
     *
     * @throws IllegalStateException when a setting without a default was not given
     */
    public Recipe build() {
      return new Recipe(
          Required.value(name, "name"),
          Required.value(architecture, "architecture"),
          l2Normalize,
          metric,
          Required.value(pretrain, "pretrain"),
          Required.value(finetune, "finetune"),
          Required.value(freshPairs, "freshPairs"),
          Required.value(pairsPerEpoch, "pairsPerEpoch"));
    }
  }
}
