package io.siameseonnx.trainer.train;

/** Receives training progress; the CLI draws a progress bar, tests ignore it. */
public interface ProgressListener {
  /** Called after each batch with the running mean loss of the epoch. */
  default void onBatch(String stage, int epoch, int batch, int batches, double runningLoss) {}

  /** Called after each epoch. */
  default void onEpoch(String stage, EpochStats stats, PlateauMonitor.Decision decision) {}

  /** A listener that ignores everything. */
  static ProgressListener silent() {
    return new ProgressListener() {};
  }
}
