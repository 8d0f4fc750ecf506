package io.siameseonnx.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RMSprop as Keras defines it (the seed's pretraining optimiser), for DJL's PyTorch engine, whose
 * built-in {@code rmspropUpdate} throws "Not implemented":
 *
 * <pre>
 *   g  = rescale * grad (+ wd * w)
 *   s  = rho * s + (1 - rho) * g^2
 *   w -= lr * g / (sqrt(s) + eps)
 * </pre>
 *
 * Keras' defaults: lr 0.001, rho 0.9, eps 1e-7.
 */
public final class RmsProp extends Optimizer {
  private final ParameterTracker learningRate;
  private final float rho;
  private final float epsilon;
  private final Map<String, NDArray> meanSquares = new ConcurrentHashMap<>();

  private RmsProp(Builder builder) {
    super(builder);
    this.learningRate = builder.learningRate;
    this.rho = builder.rho;
    this.epsilon = builder.epsilon;
  }

  /** A builder with Keras' defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    int t = updateCount(parameterId);
    float lr = learningRate.getNewValue(parameterId, t);
    NDArray s = meanSquares.computeIfAbsent(parameterId, k -> weight.zerosLike());
    NDArray g = grad.mul(rescaleGrad);
    float wd = getWeightDecay();
    if (wd != 0f) {
      try (NDArray decay = weight.mul(wd)) {
        g.addi(decay);
      }
    }
    if (clipGrad > 0) {
      NDArray clipped = g.clip(-clipGrad, clipGrad);
      g.close();
      g = clipped;
    }
    try (NDArray squared = g.square()) {
      s.muli(rho).addi(squared.muli(1f - rho));
    }
    try (NDArray denom = s.sqrt()) {
      denom.addi(epsilon);
      g.divi(denom).muli(lr);
      weight.subi(g);
    } finally {
      g.close();
    }
    // PyTorch accumulates gradients; DJL's built-in PyTorch optimisers zero them after updating.
    if (weight.hasGradient()) {
      try (NDArray accumulated = weight.getGradient()) {
        accumulated.subi(accumulated);
      }
    }
  }

  /** Builds {@link RmsProp}. */
  public static final class Builder extends OptimizerBuilder<Builder> {
    private ParameterTracker learningRate = Tracker.fixed(0.001f);
    private float rho = 0.9f;
    private float epsilon = 1e-7f;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** Sets the learning-rate tracker. */
    public Builder optLearningRateTracker(ParameterTracker tracker) {
      this.learningRate = tracker;
      return this;
    }

    /** Sets the decay of the mean square. */
    public Builder optRho(float rho) {
      this.rho = rho;
      return this;
    }

    /** Sets the term added to the denominator. */
    public Builder optEpsilon(float epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /** Builds the optimiser. */
    public RmsProp build() {
      return new RmsProp(this);
    }
  }
}
