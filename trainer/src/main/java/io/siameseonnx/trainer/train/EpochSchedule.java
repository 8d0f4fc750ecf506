package io.siameseonnx.trainer.train;

import ai.djl.nn.Block;
import io.siameseonnx.trainer.optim.AdjustableRate;
import java.util.ArrayList;
import java.util.List;

/**
 * What both training stages do at the end of an epoch: record it, report it, keep the best weights,
 * lower the learning rate on a plateau and stop early. At the end the best epoch's weights are put
 * back.
 */
final class EpochSchedule implements AutoCloseable {
  private final String stage;
  private final Block weights;
  private final AdjustableRate rate;
  private final float lrFactor;
  private final PlateauMonitor monitor;
  private final ProgressListener progress;
  private final List<EpochStats> history = new ArrayList<>();
  private final WeightSnapshotHolder best = new WeightSnapshotHolder();
  private int bestEpoch = 1;

  EpochSchedule(
      String stage,
      Block weights,
      AdjustableRate rate,
      float lrFactor,
      PlateauMonitor monitor,
      ProgressListener progress) {
    this.stage = stage;
    this.weights = weights;
    this.rate = rate;
    this.lrFactor = lrFactor;
    this.monitor = monitor;
    this.progress = progress;
  }

  /** Records an epoch; returns false when training should stop. */
  boolean endEpoch(EpochStats stats) {
    history.add(stats);
    PlateauMonitor.Decision decision = monitor.observe(stats.valLoss());
    progress.onEpoch(stage, stats, decision);
    switch (decision) {
      case IMPROVED -> {
        bestEpoch = stats.epoch();
        best.replace(WeightSnapshot.of(weights));
      }
      case REDUCE_LR -> rate.set(rate.value() * lrFactor);
      case STOP -> {
        return false;
      }
      case WAIT -> {}
    }
    return true;
  }

  /** Puts the best epoch's weights back. */
  void restoreBest() {
    best.restore();
  }

  /** The stage's result. */
  StageResult result(double seconds, double samplesPerSecond) {
    return new StageResult(history, bestEpoch, seconds, samplesPerSecond);
  }

  @Override
  public void close() {
    best.close();
  }
}
