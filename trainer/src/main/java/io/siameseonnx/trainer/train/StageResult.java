package io.siameseonnx.trainer.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * The stage's figures as flat metrics under its name: {@code <stage>.epochs}, {@code
   * .best_epoch}, {@code .seconds} and {@code .samples_per_second}; a map the caller may add to.
   */
  public Map<String, Double> toMetrics(String stage) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(stage + ".epochs", (double) epochs());
    m.put(stage + ".best_epoch", (double) bestEpoch);
    m.put(stage + ".seconds", seconds);
    m.put(stage + ".samples_per_second", samplesPerSecond);
    return m;
  }
}
