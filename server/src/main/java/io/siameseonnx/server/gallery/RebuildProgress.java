package io.siameseonnx.server.gallery;

import java.util.Optional;

/**
 * How far a re-embedding of a gallery with another model has come.
 *
 * @param from the model the gallery is searched with until the swap
 * @param to the model it is being re-embedded with
 * @param state where it stands
 * @param done examples re-embedded so far
 * @param total examples to re-embed (grows with enrolments during the re-embedding)
 * @param error why it failed, when it did
 */
public record RebuildProgress(
    ModelStamp from, ModelStamp to, State state, long done, long total, Optional<String> error) {

  /** Where a re-embedding stands. */
  public enum State {
    /** Embedding and indexing; searches use the old model. */
    RUNNING,
    /** Swapped in: the gallery is searched with the new model. */
    DONE,
    /** Stopped by an error; the gallery stays on the old model. */
    FAILED,
    /** Stopped because the gallery was closed or deleted. */
    CANCELLED
  }

  /** The fraction done, 0 to 1. */
  public double fraction() {
    return total == 0 ? (state == State.RUNNING ? 0 : 1) : Math.min(1.0, (double) done / total);
  }
}
