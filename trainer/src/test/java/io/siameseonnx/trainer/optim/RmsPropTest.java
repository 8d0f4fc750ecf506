package io.siameseonnx.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RmsPropTest {
  private static final double LR = 0.001;
  private static final double RHO = 0.9;
  private static final double EPS = 1e-7;

  private NDManager manager;

  @BeforeEach
  void openManager() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  /** The Keras formula in double precision, one step; updates {@code s} and {@code w}. */
  private static void kerasStep(
      double[] w, double[] s, double[] grad, double lr, double rescale, double wd) {
    for (int i = 0; i < w.length; i++) {
      double g = rescale * grad[i] + wd * w[i];
      s[i] = RHO * s[i] + (1 - RHO) * g * g;
      w[i] -= lr * g / (Math.sqrt(s[i]) + EPS);
    }
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  /** Runs the optimiser and the reference over the same gradients and compares every step. */
  private void assertMatchesKeras(
      Optimizer optimizer, double[] initial, double[][] grads, double rescale, double wd) {
    NDArray weight = manager.create(toFloats(initial));
    double[] w = initial.clone();
    double[] s = new double[w.length];
    for (double[] grad : grads) {
      optimizer.update("p", weight, manager.create(toFloats(grad)));
      kerasStep(w, s, grad, LR, rescale, wd);
      float[] actual = weight.toFloatArray();
      for (int i = 0; i < w.length; i++) {
        assertThat((double) actual[i]).isCloseTo(w[i], within(1e-6));
      }
    }
  }

  @Test
  void theFirstStepMovesEachWeightByLrOverSqrtOfOneMinusRho() {
    // s1 = 0.1 g^2, so the step is lr * g / (|g| sqrt(0.1)) = 0.00316228 whatever |g| is
    NDArray weight = manager.create(new float[] {1f, -2f, 0.5f});
    Optimizer rms = RmsProp.builder().build();

    rms.update("p", weight, manager.create(new float[] {0.1f, -4f, 0.03f}));

    assertThat(weight.toFloatArray())
        .containsExactly(
            new float[] {1f - 0.00316228f, -2f + 0.00316228f, 0.5f - 0.00316228f}, within(2e-7f));
  }

  @Test
  void aSecondEqualGradientMovesByLrOverSqrtOfPointNineteen() {
    // s2 = 0.9 * 0.1 g^2 + 0.1 g^2 = 0.19 g^2: a step of 0.001 / sqrt(0.19) = 0.00229416
    NDArray weight = manager.create(new float[] {1f});
    Optimizer rms = RmsProp.builder().build();
    rms.update("p", weight, manager.create(new float[] {0.5f}));
    float afterFirst = weight.getFloat(0);

    rms.update("p", weight, manager.create(new float[] {0.5f}));

    assertThat(afterFirst - weight.getFloat(0)).isCloseTo(0.00229416f, within(2e-7f));
  }

  @Test
  void threeStepsWithChangingGradientsFollowTheKerasFormula() {
    double[] w = {0.8, -1.5, 2.0};
    double[][] grads = {{0.2, -0.4, 1.0}, {-0.1, -0.3, 0.5}, {0.05, 0.6, -2.0}};

    assertMatchesKeras(RmsProp.builder().build(), w, grads, 1, 0);
  }

  @Test
  void eachParameterKeepsItsOwnMeanSquare() {
    Optimizer rms = RmsProp.builder().build();
    NDArray a = manager.create(new float[] {1f});
    NDArray b = manager.create(new float[] {1f});
    rms.update("a", a, manager.create(new float[] {1f}));
    rms.update("a", a, manager.create(new float[] {1f}));

    rms.update("b", b, manager.create(new float[] {1f}));

    // b's first step is a first step (0.00316228), not a's third
    assertThat(1f - b.getFloat(0)).isCloseTo(0.00316228f, within(2e-7f));
  }

  @Test
  void weightDecayIsAddedToTheGradientBeforeTheMeanSquare() {
    double wd = 0.5;
    Optimizer rms = RmsProp.builder().optWeightDecays((float) wd).build();

    // a zero gradient still moves the weight: g = wd * w
    assertMatchesKeras(rms, new double[] {1.0, -3.0}, new double[][] {{0, 0}, {0.2, -0.1}}, 1, wd);
  }

  @Test
  void rescaleGradScalesTheGradientButNotTheDecay() {
    double rescale = 0.25;
    double wd = 0.1;
    Optimizer rms =
        RmsProp.builder().setRescaleGrad((float) rescale).optWeightDecays((float) wd).build();

    assertMatchesKeras(
        rms,
        new double[] {2.0, -1.0, 0.5},
        new double[][] {{0.4, 0.8, -1.2}, {0.1, -0.2, 0.3}, {-0.5, 0.5, 0.0}},
        rescale,
        wd);
  }

  @Test
  void theLearningRateIsReadFromTheTrackerEachStep() {
    AdjustableRate rate = new AdjustableRate(0.001f);
    Optimizer rms = RmsProp.builder().optLearningRateTracker(rate).build();
    NDArray weight = manager.create(new float[] {0f});
    rms.update("p", weight, manager.create(new float[] {1f}));
    float first = weight.getFloat(0);
    rate.set(0f);

    rms.update("p", weight, manager.create(new float[] {1f}));

    assertThat(first).isCloseTo(-0.00316228f, within(2e-7f));
    assertThat(weight.getFloat(0)).isEqualTo(first);
  }

  @Test
  void aTrainerStepLeavesTheParametersGradientsAtZeroAsDjlsPyTorchOptimizersDo() {
    // PyTorch accumulates gradients across backward passes; DJL's built-in optimizers zero them
    // after each update. Without that every step would see the sum of all past gradients.
    Loss l2 = Loss.l2Loss();
    try (Model model = Model.newInstance("zero-grad")) {
      model.setBlock(Linear.builder().setUnits(1).build());
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(l2).optOptimizer(RmsProp.builder().build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(4, 1));
        NDManager m = trainer.getManager();
        NDArray x = m.create(new float[] {1f, 2f, 3f, 4f}).reshape(4, 1);
        NDArray y = m.create(new float[] {5f, 7f, 9f, 11f}).reshape(4, 1);
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDArray prediction = trainer.forward(new NDList(x)).singletonOrThrow();
          gc.backward(l2.evaluate(new NDList(y), new NDList(prediction)));
        }
        NDArray weight = model.getBlock().getParameters().get(0).getValue().getArray();
        assertThat(weight.getGradient().abs().sum().getFloat()).isGreaterThan(0f);

        trainer.step();

        assertThat(weight.getGradient().abs().sum().getFloat()).isZero();
      }
    }
  }

  @Test
  void itFitsALineThroughDjlsTrainer() {
    Engine.getInstance().setRandomSeed(3);
    float[] xs = new float[64];
    float[] ys = new float[64];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = -1f + 2f * i / (xs.length - 1);
      ys[i] = 2f * xs[i] + 1f;
    }
    Loss l2 = Loss.l2Loss();
    try (Model model = Model.newInstance("line")) {
      model.setBlock(Linear.builder().setUnits(1).build());
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(l2)
              .optOptimizer(RmsProp.builder().optLearningRateTracker(Tracker.fixed(0.01f)).build());
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(64, 1));
        // start from w = 0, b = 0 rather than from random weights, which some seeds put too far
        // from w = 2 for 400 steps of 0.01
        model.getBlock().getParameters().forEach(p -> p.getValue().getArray().muli(0f));
        NDManager m = trainer.getManager();
        NDArray x = m.create(xs).reshape(64, 1);
        NDArray y = m.create(ys).reshape(64, 1);
        float first = Float.NaN;
        float last = Float.NaN;
        for (int step = 0; step < 400; step++) {
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray prediction = trainer.forward(new NDList(x)).singletonOrThrow();
            NDArray loss = l2.evaluate(new NDList(y), new NDList(prediction));
            gc.backward(loss);
            last = loss.getFloat();
            if (step == 0) {
              first = last;
            }
          }
          trainer.step();
        }

        assertThat(first).isGreaterThan(0.1f);
        assertThat(last).isLessThan(first / 100);
      }
    }
  }
}
