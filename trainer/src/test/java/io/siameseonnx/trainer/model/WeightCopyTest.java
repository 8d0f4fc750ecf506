package io.siameseonnx.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class WeightCopyTest {

  @Test
  void theTargetTakesTheSourceValuesInPlaceAndStillLearns() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray target = manager.ones(new Shape(2, 3));
      target.setRequiresGradient(true);
      String uid = target.getUid();
      NDArray source = manager.arange(6f).reshape(2, 3);

      WeightCopy.copy(source, target);

      assertThat(target.toFloatArray()).containsExactly(0f, 1f, 2f, 3f, 4f, 5f);
      assertThat(target.getUid()).isEqualTo(uid);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(target.mul(3).sum());
      }
      assertThat(target.getGradient().toFloatArray()).containsOnly(3f);
    }
  }

  @Test
  void arraysOfDifferentShapesAreRefused() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray target = manager.ones(new Shape(2, 3));

      assertThatThrownBy(() -> WeightCopy.copy(manager.ones(new Shape(3, 2)), target))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("(3, 2)");
    }
  }
}
