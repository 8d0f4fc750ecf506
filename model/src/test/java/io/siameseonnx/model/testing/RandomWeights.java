package io.siameseonnx.model.testing;

import io.siameseonnx.model.onnx.WeightSource;
import io.siameseonnx.model.spec.Layer;
import io.siameseonnx.model.spec.TowerSpec;
import java.util.Random;

/**
 * Made-up weights for test and benchmark towers: He-scaled Gaussian weights, small random biases,
 * batch-norm statistics near (0, 1). Each parameter's values depend only on the seed and its name,
 * so the same tower written twice is the same model.
 */
public final class RandomWeights implements WeightSource {
  private final long seed;

  /** Weights from {@code seed}. */
  public RandomWeights(long seed) {
    this.seed = seed;
  }

  @Override
  public float[] values(TowerSpec.Parameter p) {
    Random random = new Random(seed * 31 + p.qualifiedName().hashCode());
    float[] values = new float[p.size()];
    long fanIn = 1;
    for (int i = 1; i < p.shape().length; i++) {
      fanIn *= p.shape()[i];
    }
    double std =
        switch (p.name()) {
          case Layer.WEIGHT -> Math.sqrt(2.0 / Math.max(1, fanIn));
          case Layer.BatchNorm.RUNNING_VAR, Layer.BatchNorm.GAMMA -> 0.0;
          default -> 0.1;
        };
    double offset =
        switch (p.name()) {
          case Layer.BatchNorm.RUNNING_VAR, Layer.BatchNorm.GAMMA -> 1.0;
          default -> 0.0;
        };
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (offset + random.nextGaussian() * std);
    }
    return values;
  }
}
