package io.siameseonnx.trainer.optim;

import ai.djl.training.tracker.Tracker;

/**
 * A learning rate that the training loop can lower while it runs (reduce-on-plateau), shared by
 * every parameter.
 */
public final class AdjustableRate implements Tracker {
  private volatile float value;

  /** Starts at the given rate. */
  public AdjustableRate(float initial) {
    this.value = initial;
  }

  @Override
  public float getNewValue(int numUpdate) {
    return value;
  }

  /** The current rate. */
  public float value() {
    return value;
  }

  /** Sets the rate. */
  public void set(float newValue) {
    this.value = newValue;
  }
}
