package io.siameseonnx.trainer.pipeline;

import io.siameseonnx.trainer.augment.Augmentation;
import io.siameseonnx.trainer.model.Checkpoint;
import io.siameseonnx.trainer.model.CheckpointInfo;
import io.siameseonnx.trainer.pairs.PairSource;
import io.siameseonnx.trainer.report.Reports;
import io.siameseonnx.trainer.train.FinetuneConfig;
import io.siameseonnx.trainer.train.Pretrainer;
import io.siameseonnx.trainer.train.SiameseTrainer;
import io.siameseonnx.trainer.train.StageResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run leaves in its folder once its stages are done: the final checkpoint, {@code
 * metrics.json} and the plots; and the run's result.
 */
final class RunOutputs {
  /** Test images kept in the result, to verify an export on. */
  private static final int SAMPLE_IMAGES = 32;

  private RunOutputs() {}

  /** After a pretraining-only run: its metrics and curves beside the pretraining checkpoint. */
  static RunResult afterPretraining(RunState state) throws IOException {
    RunOptions options = state.options();
    Path dir = options.checkpointDir(Pretrainer.STAGE);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "nothing to pretrain: --pretrain-epochs is 0 or --pretrain-data is none");
    }
    MetricsFile.write(options.metricsFile(), state.metrics(), state.protocol());
    state.pretrain().ifPresent(r -> Reports.writeTraining(options.outDir(), stages(state)));
    return new RunResult(
        state.pretrain(),
        state.finetune(),
        java.util.Optional.empty(),
        dir,
        Checkpoint.readInfo(dir),
        state.metrics(),
        state.tower(),
        new float[0][]);
  }

  /**
   * After evaluation: the fine-tuned checkpoint (with the calibrated threshold and every figure),
   * the metrics and all plots.
   */
  static RunResult afterEvaluation(RunState state) throws IOException {
    RunOptions options = state.options();
    Evaluation evaluation =
        state
            .evaluation()
            .orElseThrow(() -> new IllegalStateException("the run was not evaluated"));
    PairSource pairs = state.requirePairs();
    Path dir = options.checkpointDir(SiameseTrainer.STAGE);
    String fingerprint =
        state.pretrainFingerprint().isEmpty()
            ? pairs.fingerprint()
            : state.pretrainFingerprint() + "+" + pairs.fingerprint();
    FinetuneConfig finetune = state.recipe().finetune();
    CheckpointInfo info =
        new CheckpointInfo(
            state.spec(),
            options.preprocessing(),
            SiameseTrainer.STAGE,
            finetune.loss().wireName(),
            switch (finetune.loss()) {
              case TRIPLET -> finetune.tripletMargin();
              case SUPCON -> finetune.temperature();
              case CONTRASTIVE -> finetune.margin();
            },
            state.recipe().metric(),
            evaluation.threshold(),
            state.metrics(),
            fingerprint,
            state.protocol(),
            // What fine-tuning did: nothing was augmented when it did not run (--epochs 0).
            finetune.epochs() == 0
                ? Augmentation.none().wireName()
                : finetune.augment().wireName());
    Checkpoint.save(dir, info, state.tower());
    MetricsFile.write(
        options.metricsFile(),
        state.metrics(),
        state.protocol(),
        Map.of(MetricsFile.AUGMENT, info.augment()));
    Reports.writeAll(
        options.outDir(),
        stages(state),
        pairs.testPairs(),
        evaluation.testDistances(),
        evaluation.threshold());
    float[][] test = pairs.testPairs().first();
    return new RunResult(
        state.pretrain(),
        state.finetune(),
        java.util.Optional.of(evaluation.report()),
        dir,
        info,
        state.metrics(),
        state.tower(),
        Arrays.copyOf(test, Math.min(SAMPLE_IMAGES, test.length)));
  }

  private static Map<String, StageResult> stages(RunState state) {
    Map<String, StageResult> stages = new LinkedHashMap<>();
    state.pretrain().ifPresent(r -> stages.put(Pretrainer.STAGE, r));
    state.finetune().ifPresent(r -> stages.put(SiameseTrainer.STAGE, r));
    return stages;
  }
}
