package io.siameseonnx.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.siameseonnx.shared.distance.Metric;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContrastiveLossTest {
  private NDManager manager;

  @BeforeEach
  void openManager() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  private float loss(float margin, float[] squaredDistances, int[] labels) {
    NDArray predictions = manager.create(squaredDistances);
    NDArray y = manager.create(labels);
    return new ContrastiveLoss(margin).evaluate(new NDList(y), new NDList(predictions)).getFloat();
  }

  @Test
  void withMarginOneItMatchesTheHandComputedMean() {
    // d = 0.5, 2, 0, 0.3; similar pairs pay d^2, dissimilar ones max(0, 1 - d)^2
    float loss = loss(1f, new float[] {0.25f, 4.0f, 0.0f, 0.09f}, new int[] {1, 0, 1, 0});

    assertThat(loss).isCloseTo((0.25f + 0f + 0f + 0.49f) / 4, within(1e-6f));
  }

  @Test
  void withMarginTwoTheDissimilarPairsPayMore() {
    // dissimilar: max(0, 2 - 2)^2 = 0 and (2 - 0.3)^2 = 2.89
    float loss = loss(2f, new float[] {0.25f, 4.0f, 0.0f, 0.09f}, new int[] {1, 0, 1, 0});

    assertThat(loss).isCloseTo((0.25f + 0f + 0f + 2.89f) / 4, within(1e-5f));
  }

  @Test
  void aDissimilarPairAtZeroDistanceCostsTheSquaredMargin() {
    float loss = loss(1.5f, new float[] {0f}, new int[] {0});

    assertThat(loss).isCloseTo(2.25f, within(1e-5f));
  }

  @Test
  void aDissimilarPairBeyondTheMarginCostsNothing() {
    float loss = loss(1f, new float[] {1.21f, 9f}, new int[] {0, 0});

    assertThat(loss).isZero();
  }

  @Test
  void labelsGivenAsAColumnAreMatchedToFlatPredictions() {
    NDArray predictions = manager.create(new float[] {0.25f, 0.09f});
    NDArray y = manager.create(new float[] {1f, 0f}).reshape(2, 1);

    float loss =
        new ContrastiveLoss(1f).evaluate(new NDList(y), new NDList(predictions)).getFloat();

    assertThat(loss).isCloseTo((0.25f + 0.49f) / 2, within(1e-6f));
  }

  @Test
  void theGradientIsFiniteForPairsAtZeroDistance() {
    NDArray squared = manager.create(new float[] {0f, 0f, 0.25f});
    squared.setRequiresGradient(true);
    NDArray y = manager.create(new int[] {1, 0, 0});

    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss = new ContrastiveLoss(1f).evaluate(new NDList(y), new NDList(squared));
      gc.backward(loss);
    }
    float[] grad = squared.getGradient().toFloatArray();

    assertThat(grad).doesNotContain(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
    // similar pair: d(y * s) / ds / n = 1/3
    assertThat(grad[0]).isCloseTo(1f / 3, within(1e-6f));
    // dissimilar at d = 0.5: d((1 - sqrt(s))^2) / ds = -(1 - d) / d = -1, over n = 3
    assertThat(grad[2]).isCloseTo(-1f / 3, within(1e-5f));
  }

  @Test
  void theGradientThroughIdenticalEmbeddingsIsFinite() {
    NDArray a = manager.create(new float[] {0.3f, -0.1f, 0.7f}).reshape(1, 3);
    a.setRequiresGradient(true);
    NDArray b = manager.create(new float[] {0.3f, -0.1f, 0.7f}).reshape(1, 3);
    NDArray y = manager.create(new int[] {0});

    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray squared = a.sub(b).square().sum(new int[] {1});
      gc.backward(new ContrastiveLoss(1f).evaluate(new NDList(y), new NDList(squared)));
    }

    for (float g : a.getGradient().toFloatArray()) {
      assertThat(Float.isFinite(g)).as("gradient %s is finite", g).isTrue();
    }
  }

  @Test
  void underTheCosineMetricThePredictionsAreCosineDistancesOfThePairs() {
    // pair 0: same direction (d = 0), pair 1: orthogonal (d = 1), pair 2: 60 degrees (d = 0.5)
    NDArray a = manager.create(new float[][] {{2, 0}, {1, 0}, {1, 0}});
    NDArray b = manager.create(new float[][] {{5, 0}, {0, 3}, {1, (float) Math.sqrt(3)}});
    NDArray y = manager.create(new int[] {1, 1, 0});
    ContrastiveLoss loss = new ContrastiveLoss(0.8f, Metric.COSINE);

    NDArray input = loss.input(a, b);
    float value = loss.evaluate(new NDList(y), new NDList(input)).getFloat();

    assertThat(input.toFloatArray()).containsExactly(new float[] {0f, 1f, 0.5f}, within(1e-6f));
    // similar: 0^2 and 1^2; dissimilar at 0.5 below the margin 0.8: (0.8 - 0.5)^2
    assertThat(value).isCloseTo((0f + 1f + 0.09f) / 3, within(1e-6f));
  }

  @Test
  void underTheEuclideanMetricThePredictionsAreSquaredDistances() {
    NDArray a = manager.create(new float[][] {{0, 0}, {1, 1}});
    NDArray b = manager.create(new float[][] {{3, 4}, {1, 1}});

    assertThat(new ContrastiveLoss(1f).input(a, b).toFloatArray())
        .containsExactly(new float[] {25f, 0f}, within(1e-6f));
  }

  @Test
  void aMarginThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> new ContrastiveLoss(0f)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContrastiveLoss(Float.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
