package io.siameseonnx.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SupConLossTest {
  private NDManager manager;

  @BeforeEach
  void openManager() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  private float loss(float[][] embeddings, int[] labels, float temperature) {
    return SupConLoss.of(manager.create(embeddings), manager.create(labels), temperature)
        .getFloat();
  }

  @Test
  void twoTightClassesGiveTheHandComputedValue() {
    // every anchor: similarity 1 to its positive, 0 to the two others, t = 1
    // -log(e / (e + 1 + 1)) = ln(e + 2) - 1
    float[][] e = {{1, 0}, {1, 0}, {0, 1}, {0, 1}};

    assertThat(loss(e, new int[] {0, 0, 1, 1}, 1f))
        .isCloseTo((float) (Math.log(Math.E + 2) - 1), within(1e-5f));
  }

  @Test
  void aLowerTemperatureSharpensTheSoftmax() {
    // logits 2, 0, 0 at t = 0.5: ln(e^2 + 2) - 2
    float[][] e = {{1, 0}, {1, 0}, {0, 1}, {0, 1}};

    assertThat(loss(e, new int[] {0, 0, 1, 1}, 0.5f))
        .isCloseTo((float) (Math.log(Math.exp(2) + 2) - 2), within(1e-5f));
  }

  @Test
  void embeddingsAreNormalisedFirst() {
    float[][] scaled = {{3, 0}, {0.5f, 0}, {0, 7}, {0, 2}};

    assertThat(loss(scaled, new int[] {0, 0, 1, 1}, 1f))
        .isCloseTo((float) (Math.log(Math.E + 2) - 1), within(1e-5f));
  }

  @Test
  void anchorsWithoutAPositiveAreLeftOut() {
    // images 2 and 3 are alone in their classes; anchors 0 and 1 as above
    float[][] e = {{1, 0}, {1, 0}, {0, 1}, {0, 1}};

    assertThat(loss(e, new int[] {0, 0, 1, 2}, 1f))
        .isCloseTo((float) (Math.log(Math.E + 2) - 1), within(1e-5f));
  }

  @Test
  void separatedClassesCostLessThanMixedOnes() {
    float[][] separated = {{1, 0}, {0.9f, 0.1f}, {0, 1}, {0.1f, 0.9f}};
    float[][] mixed = {{1, 0}, {0, 1}, {0.9f, 0.1f}, {0.1f, 0.9f}};
    int[] labels = {0, 0, 1, 1};

    assertThat(loss(separated, labels, 0.5f)).isLessThan(loss(mixed, labels, 0.5f));
  }

  @Test
  void itsGradientIsFinite() {
    NDArray e = manager.create(new float[][] {{1, 0}, {1, 0}, {0, 1}, {0, 1}});
    e.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(SupConLoss.of(e, manager.create(new int[] {0, 0, 1, 1}), 0.5f));
    }
    for (float g : e.getGradient().toFloatArray()) {
      assertThat(g).isFinite();
    }
  }

  @Test
  void aTemperatureOfZeroIsRefused() {
    NDArray e = manager.create(new float[][] {{1, 0}, {0, 1}});
    NDArray labels = manager.create(new int[] {0, 1});

    assertThatThrownBy(() -> SupConLoss.of(e, labels, 0f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("temperature");
  }
}
