package io.siameseonnx.trainer.train;

import java.util.List;

/**
 * What a training stage did: its epochs, the best epoch (whose weights were kept) and its speed.
 *
 * @param history one entry per epoch run
 * @param bestEpoch the epoch whose weights were kept (1-based)
 * @param seconds wall time of the training loop
 * @param samplesPerSecond training samples per second, validation excluded
 */
public record StageResult(
    List<EpochStats> history, int bestEpoch, double seconds, double samplesPerSecond) {
  /** Copies the history. */
  public StageResult {
    history = List.copyOf(history);
  }

  /** Number of epochs run. */
  public int epochs() {
    return history.size();
  }

  /** The kept epoch's figures. */
  public EpochStats best() {
    return history.get(bestEpoch - 1);
  }
}
