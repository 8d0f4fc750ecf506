package io.siameseonnx.trainer.train;

/** Holds the best snapshot so far, closing the one it replaces. */
final class WeightSnapshotHolder implements AutoCloseable {
  private WeightSnapshot current;

  /** Keeps {@code snapshot}, closing the previous one. */
  void replace(WeightSnapshot snapshot) {
    if (current != null) {
      current.close();
    }
    current = snapshot;
  }

  /** Restores the kept weights, if any. */
  void restore() {
    if (current != null) {
      current.restore();
    }
  }

  @Override
  public void close() {
    replace(null);
  }
}
