package io.siameseonnx.trainer.train;

import ai.djl.training.optimizer.Optimizer;
import io.siameseonnx.trainer.optim.AdjustableRate;
import io.siameseonnx.trainer.optim.RmsProp;
import java.util.Locale;

/** The optimisers a recipe can name. */
public enum OptimizerChoice {
  /** Adam (beta1 0.9, beta2 0.999). */
  ADAM,
  /** RMSprop with Keras' defaults (rho 0.9, eps 1e-7); our own implementation. */
  RMSPROP,
  /** Plain SGD with momentum 0.9. */
  SGD;

  /** Builds the optimiser, reading its learning rate from {@code rate}. */
  public Optimizer build(AdjustableRate rate) {
    return switch (this) {
      case ADAM -> Optimizer.adam().optLearningRateTracker(rate).build();
      case RMSPROP -> RmsProp.builder().optLearningRateTracker(rate).build();
      case SGD -> Optimizer.sgd().setLearningRateTracker(rate).optMomentum(0.9f).build();
    };
  }

  /** Parses a name, case-insensitively. */
  public static OptimizerChoice parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown optimizer '" + name + "' (choose adam, rmsprop or sgd)", e);
    }
  }
}
