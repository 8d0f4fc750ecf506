package io.siameseonnx.trainer.report;

import io.siameseonnx.shared.distance.Distances;
import io.siameseonnx.shared.image.PreprocessingSpec;
import io.siameseonnx.trainer.data.Digits;
import io.siameseonnx.trainer.data.PairSampler;
import io.siameseonnx.trainer.data.PairSet;
import io.siameseonnx.trainer.train.EpochStats;
import io.siameseonnx.trainer.train.StageResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Realistic inputs for the plots: noisy learning curves and digit pairs with pixel distances. */
final class SampleData {
  /** Side of the digit images. */
  static final int SIDE = 28;

  private SampleData() {}

  /**
   * A stage whose loss falls and accuracy rises with noise, validation a little worse than
   * training, best epoch where validation loss is lowest.
   */
  static StageResult stage(int epochs, double startLoss, boolean trainAccuracy, long seed) {
    Random rnd = new Random(seed);
    List<EpochStats> history = new ArrayList<>();
    int best = 1;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (int e = 1; e <= epochs; e++) {
      double decay = Math.exp(-e / (epochs / 4.0));
      double train = startLoss * (0.08 + 0.92 * decay) * (1 + 0.04 * rnd.nextGaussian());
      double val = train * (1.08 + 0.02 * e / epochs) + 0.03 * startLoss * rnd.nextGaussian();
      double valAcc = Math.min(0.995, 0.55 + 0.42 * (1 - decay) + 0.01 * rnd.nextGaussian());
      double trainAcc = trainAccuracy ? Math.min(0.999, valAcc + 0.02) : Double.NaN;
      history.add(new EpochStats(e, train, trainAcc, val, valAcc, 1e-3, 2.5, 4000));
      if (val < bestLoss) {
        bestLoss = val;
        best = e;
      }
    }
    return new StageResult(history, best, 2.5 * epochs, 1600);
  }

  /** Balanced digit pairs at {@link #SIDE}x{@link #SIDE}. */
  static PairSet digitPairs(int n, long seed) {
    return new PairSampler(Digits.load(PreprocessingSpec.of(SIDE, SIDE)), new Random(seed))
        .balanced(n);
  }

  /** Euclidean pixel distances of the pairs, scaled so that they spread over about [0, 1.5]. */
  static double[] distances(PairSet pairs) {
    double[] d = new double[pairs.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = Distances.euclidean(pairs.first()[i], pairs.second()[i]) / 10;
    }
    return d;
  }

  /** A tiny pair set of 2x2 gray images with the given labels. */
  static PairSet tinyPairs(int... labels) {
    float[][] a = new float[labels.length][];
    float[][] b = new float[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      a[i] = new float[] {0, 0.25f, 0.5f, 1};
      b[i] = new float[] {1, 0.5f, 0.25f, 0};
    }
    return new PairSet(a, b, labels);
  }
}
