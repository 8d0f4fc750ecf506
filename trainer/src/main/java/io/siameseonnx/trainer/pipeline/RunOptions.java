package io.siameseonnx.trainer.pipeline;

import io.siameseonnx.shared.image.PreprocessingSpec;
import io.siameseonnx.trainer.eval.ThresholdRule;
import io.siameseonnx.trainer.train.Recipe;
import java.nio.file.Path;
import java.util.Set;

/**
 * Everything a training run needs.
 *
 * @param recipe the training recipe
 * @param preprocessing input size and preprocessing
 * @param pretrainData stage 1 images
 * @param pairData stage 2 pairs
 * @param outDir where checkpoints, metrics.json and the model card go
 * @param resume reuse completed stages' checkpoints found in {@code outDir}
 * @param strict fail on the first corrupt image instead of skipping it
 * @param seed the run's seed
 * @param stages which stages to run
 * @param excludeClasses classes kept out of every stage (to test on classes never seen)
 * @param keepOverlappingPretrainClasses pretrain on classes whose names equal a held-out or
 *     excluded class's name (by default they are left out, so that unseen classes stay unseen)
 * @param thresholdAt the operating point the decision threshold is calibrated for
 */
public record RunOptions(
    Recipe recipe,
    PreprocessingSpec preprocessing,
    PretrainData pretrainData,
    PairData pairData,
    Path outDir,
    boolean resume,
    boolean strict,
    long seed,
    Stages stages,
    Set<Integer> excludeClasses,
    boolean keepOverlappingPretrainClasses,
    ThresholdRule thresholdAt) {

  /** Copies the class set. */
  public RunOptions {
    excludeClasses = Set.copyOf(excludeClasses);
  }

  /** Which stages a command runs. */
  public enum Stages {
    /** Pretraining only. */
    PRETRAIN,
    /** Fine-tuning (from the pretraining checkpoint when there is one) and evaluation. */
    FINETUNE,
    /** Both. */
    ALL
  }

  /** Where a stage's checkpoint lives. */
  public Path checkpointDir(String stage) {
    return outDir.resolve("checkpoints").resolve(stage);
  }

  /** The metrics file. */
  public Path metricsFile() {
    return outDir.resolve("metrics.json");
  }

  /** Options for the default run with every default. */
  public static RunOptions defaults(Path outDir, long seed) {
    return new RunOptions(
        Recipe.standard(seed),
        PreprocessingSpec.defaults(),
        new PretrainData.EmbeddedDigits(),
        new PairData.Rectangles(),
        outDir,
        false,
        false,
        seed,
        Stages.ALL,
        Set.of(),
        false,
        ThresholdRule.ACCURACY);
  }
}
