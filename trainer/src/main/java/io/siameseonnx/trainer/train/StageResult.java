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
 * @param validationMeasure what {@link EpochStats#valLoss} measures when it is not the training
 *     loss on validation data (e.g. {@code "1 - ROC-AUC"} for the supervised contrastive loss,
 *     which has no pair form); empty when it is
 */
public record StageResult(
    List<EpochStats> history,
    int bestEpoch,
    double seconds,
    double samplesPerSecond,
    String validationMeasure) {
  /** Copies the history. */
  public StageResult {
    history = List.copyOf(history);
    validationMeasure = validationMeasure == null ? "" : validationMeasure;
  }

  /** A stage whose validation figure is its training loss on validation data. */
  public StageResult(
      List<EpochStats> history, int bestEpoch, double seconds, double samplesPerSecond) {
    this(history, bestEpoch, seconds, samplesPerSecond, "");
  }

  /** This result, its validation figure named {@code measure} (another scale than the loss). */
  public StageResult withValidationMeasure(String measure) {
    return new StageResult(history, bestEpoch, seconds, samplesPerSecond, measure);
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
