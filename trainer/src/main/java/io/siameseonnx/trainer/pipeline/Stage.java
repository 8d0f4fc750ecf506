package io.siameseonnx.trainer.pipeline;

import java.io.IOException;

/** One step of a training run: takes the run's state and returns the state after the step. */
@FunctionalInterface
public interface Stage {
  /**
   * Runs the step.
   *
   * @param state what the run has so far
   * @return the state with this step's results added
   * @throws IOException when a checkpoint cannot be read or written
   */
  RunState run(RunState state) throws IOException;
}
