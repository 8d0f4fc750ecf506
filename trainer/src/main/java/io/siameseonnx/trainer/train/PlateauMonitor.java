package io.siameseonnx.trainer.train;

/**
 * Early stopping and reduce-learning-rate-on-plateau on a validation loss, as Keras' callbacks do
 * it: an epoch "improves" when the loss falls below the best by more than {@code minDelta}.
 */
public final class PlateauMonitor {
  /** What to do after an epoch. */
  public enum Decision {
    /** A new best: keep these weights. */
    IMPROVED,
    /** No improvement, carry on. */
    WAIT,
    /** No improvement for {@code lrPatience} epochs: lower the learning rate. */
    REDUCE_LR,
    /** No improvement for {@code stopPatience} epochs: stop. */
    STOP
  }

  private final int stopPatience;
  private final int lrPatience;
  private final double minDelta;
  private double best = Double.POSITIVE_INFINITY;
  private int sinceBest;
  private int sinceReduce;

  /** Creates a monitor; a patience of 0 or less turns that callback off. */
  public PlateauMonitor(int stopPatience, int lrPatience, double minDelta) {
    this.stopPatience = stopPatience;
    this.lrPatience = lrPatience;
    this.minDelta = minDelta;
  }

  /** Records an epoch's validation loss and says what to do. */
  public Decision observe(double loss) {
    if (loss < best - minDelta) {
      best = loss;
      sinceBest = 0;
      sinceReduce = 0;
      return Decision.IMPROVED;
    }
    sinceBest++;
    sinceReduce++;
    if (stopPatience > 0 && sinceBest >= stopPatience) {
      return Decision.STOP;
    }
    if (lrPatience > 0 && sinceReduce >= lrPatience) {
      sinceReduce = 0;
      return Decision.REDUCE_LR;
    }
    return Decision.WAIT;
  }

  /** The best loss seen. */
  public double best() {
    return best;
  }
}
