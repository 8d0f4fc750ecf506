package io.siameseonnx.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TripletLossTest {
  private NDManager manager;

  @BeforeEach
  void openManager() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  private float of(float[] positive, float[] negative, float alpha) {
    return TripletLoss.of(manager.create(positive), manager.create(negative), alpha).getFloat();
  }

  @Test
  void itIsTheMeanHingeOfPositiveMinusNegativeDistancePlusTheMargin() {
    // max(0, 0.5 - 1.0 + 0.2) = 0 and max(0, 1.0 - 0.5 + 0.2) = 0.7
    assertThat(of(new float[] {0.5f, 1.0f}, new float[] {1.0f, 0.5f}, 0.2f))
        .isCloseTo(0.35f, within(1e-6f));
  }

  @Test
  void aLargerMarginMakesEasyTripletsCount() {
    // max(0, 0.5 - 1.0 + 1) = 0.5 and max(0, 1.0 - 0.5 + 1) = 1.5
    assertThat(of(new float[] {0.5f, 1.0f}, new float[] {1.0f, 0.5f}, 1f))
        .isCloseTo(1.0f, within(1e-6f));
  }

  @Test
  void negativesBeyondTheMarginCostNothing() {
    assertThat(of(new float[] {0.1f, 0.2f, 0f}, new float[] {0.4f, 0.5f, 0.25f}, 0.2f)).isZero();
  }

  @Test
  void evaluateReadsThePositiveAndNegativeDistancesFromThePredictions() {
    NDArray positive = manager.create(new float[] {0.5f, 1.0f});
    NDArray negative = manager.create(new float[] {1.0f, 0.5f});
    TripletLoss loss = new TripletLoss(0.2f);

    // labels are not used: an empty list will do
    float value = loss.evaluate(new NDList(), new NDList(positive, negative)).getFloat();

    assertThat(value).isCloseTo(0.35f, within(1e-6f));
    assertThat(loss.alpha()).isEqualTo(0.2f);
  }

  @Test
  void aMarginThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> new TripletLoss(0f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("margin");
    assertThatThrownBy(() -> new TripletLoss(-0.2f)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TripletLoss(Float.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
