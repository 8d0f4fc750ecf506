package io.siameseonnx.trainer.pipeline;

import ai.djl.nn.SequentialBlock;
import io.siameseonnx.trainer.eval.VerificationReport;
import io.siameseonnx.trainer.model.CheckpointInfo;
import io.siameseonnx.trainer.train.StageResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a run produced.
 *
 * @param pretrain stage 1 result, absent when skipped or resumed
 * @param finetune stage 2 result, absent when not run
 * @param test verification figures on the test pairs at the calibrated threshold
 * @param checkpoint the final checkpoint folder
 * @param info the final checkpoint's metadata (threshold and metrics included)
 * @param metrics the flat metrics written to metrics.json
 * @param tower the trained tower, its parameters on the manager the caller passed in
 * @param sampleImages a few real preprocessed inputs (to verify an export on)
 */
public record RunResult(
    Optional<StageResult> pretrain,
    Optional<StageResult> finetune,
    Optional<VerificationReport> test,
    Path checkpoint,
    CheckpointInfo info,
    Map<String, Double> metrics,
    SequentialBlock tower,
    float[][] sampleImages) {}
