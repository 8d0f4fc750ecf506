package io.siameseonnx.trainer.pipeline;

import ai.djl.ndarray.NDManager;
import io.siameseonnx.trainer.train.ProgressListener;
import java.io.IOException;
import java.util.List;

/**
 * A training run as a sequence of stages handing an explicit {@link RunState} on: {@link
 * PretrainStage} (or its reused checkpoint), {@link FinetuneStage}, {@link EvaluateStage}; then
 * {@link RunOutputs} writes the final checkpoint, {@code metrics.json} and the plots. The export is
 * a separate step that reads the final checkpoint (see the export package).
 */
public final class TrainingPipeline {
  private final ProgressListener progress;

  /** Creates a pipeline reporting to {@code progress}. */
  public TrainingPipeline(ProgressListener progress) {
    this.progress = progress;
  }

  /**
   * Runs what the options ask for.
   *
   * @param options the run's options
   * @param manager the manager that will own the tower's parameters (the caller closes it, after
   *     the export if there is one)
   * @return figures, checkpoint and metrics
   * @throws IOException when checkpoints or metrics cannot be written
   */
  public RunResult run(RunOptions options, NDManager manager) throws IOException {
    RunState state = RunState.start(options, manager);
    if (options.stages() == RunOptions.Stages.PRETRAIN) {
      return RunOutputs.afterPretraining(new PretrainStage(progress).run(state));
    }
    List<Stage> stages =
        List.of(new PretrainStage(progress), new FinetuneStage(progress), new EvaluateStage());
    for (Stage stage : stages) {
      state = stage.run(state);
    }
    return RunOutputs.afterEvaluation(state);
  }
}
