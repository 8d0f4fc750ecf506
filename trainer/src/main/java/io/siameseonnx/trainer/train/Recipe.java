package io.siameseonnx.trainer.train;

import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.loss.LossKind;
import io.siameseonnx.trainer.loss.Mining;
import io.siameseonnx.trainer.loss.SupConLoss;
import java.util.Locale;

/**
 * A complete training recipe: the tower, both stages and the pair setup. {@link #seed} follows the
 * article to the letter; {@link #standard} is the default, which works; {@link #fewShot} is for
 * classes never seen in training.
 *
 * @param name preset name
 * @param architecture named tower ({@code seed}, {@code compact})
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
    java.util.Objects.requireNonNull(metric, "metric");
    java.util.Objects.requireNonNull(pretrain, "pretrain");
    java.util.Objects.requireNonNull(finetune, "finetune");
  }

  /** The article's recipe: seed tower, RMSprop pretraining, Adam 1e-4, batch 8, 10 epochs. */
  public static Recipe seed(long seed) {
    return new Recipe(
        "seed",
        "seed",
        false,
        Metric.EUCLIDEAN,
        new PretrainConfig(10, 32, OptimizerChoice.RMSPROP, 1e-3f, 0.2, 5, 2, 0.1f, false, seed),
        new FinetuneConfig(
            10,
            8,
            OptimizerChoice.ADAM,
            1e-4f,
            1f,
            false,
            3,
            2,
            0.1f,
            seed,
            LossKind.CONTRASTIVE,
            Mining.NONE,
            0.2f,
            8,
            4,
            SupConLoss.DEFAULT_TEMPERATURE,
            0),
        false,
        50);
  }

  /**
   * The default: compact tower with L2-normalised embeddings, Adam pretraining with shift
   * augmentation, and fine-tuning at lr 1e-3 on fresh pairs every epoch.
   */
  public static Recipe standard(long seed) {
    return new Recipe(
        "default",
        "compact",
        true,
        Metric.EUCLIDEAN,
        new PretrainConfig(12, 32, OptimizerChoice.ADAM, 2e-3f, 0.2, 4, 2, 0.3f, true, seed),
        new FinetuneConfig(
            20,
            16,
            OptimizerChoice.ADAM,
            1e-3f,
            1f,
            false,
            6,
            3,
            0.3f,
            seed,
            LossKind.CONTRASTIVE,
            Mining.NONE,
            0.2f,
            8,
            4,
            SupConLoss.DEFAULT_TEMPERATURE,
            0),
        true,
        256);
  }

  /**
   * For recognising classes never seen in training from one example: the wide tower (no dense
   * layer), no classifier pretraining, and the supervised contrastive loss (temperature 1) on
   * class-balanced batches of 16 images a class, through a 256-unit projection head that the export
   * leaves out. Needs class-labelled pairs data.
   */
  public static Recipe fewShot(long seed) {
    return new Recipe(
        "few-shot",
        "wide",
        true,
        Metric.EUCLIDEAN,
        standard(seed).pretrain().withEpochs(0),
        new FinetuneConfig(
            25,
            16,
            OptimizerChoice.ADAM,
            1e-3f,
            1f,
            false,
            6,
            3,
            0.3f,
            seed,
            LossKind.SUPCON,
            Mining.NONE,
            0.2f,
            8,
            16,
            SupConLoss.DEFAULT_TEMPERATURE,
            256),
        true,
        256);
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

  /** A copy with other stage settings. */
  public Recipe with(PretrainConfig newPretrain, FinetuneConfig newFinetune) {
    return new Recipe(
        name,
        architecture,
        l2Normalize,
        metric,
        newPretrain,
        newFinetune,
        freshPairs,
        pairsPerEpoch);
  }

  /** A copy with another metric. */
  public Recipe withMetric(Metric newMetric) {
    return new Recipe(
        name, architecture, l2Normalize, newMetric, pretrain, finetune, freshPairs, pairsPerEpoch);
  }

  /** A copy with another tower. */
  public Recipe withArchitecture(String newArchitecture, boolean newL2) {
    return new Recipe(
        name, newArchitecture, newL2, metric, pretrain, finetune, freshPairs, pairsPerEpoch);
  }
}
