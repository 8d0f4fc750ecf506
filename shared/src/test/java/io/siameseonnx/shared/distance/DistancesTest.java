package io.siameseonnx.shared.distance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistancesTest {

  @Test
  void euclideanDistanceOfAThreeFourFiveTriangleIsFive() {
    assertThat(Distances.euclidean(new float[] {1, 1}, new float[] {4, 5})).isEqualTo(5.0);
    assertThat(Distances.squaredEuclidean(new float[] {1, 1}, new float[] {4, 5})).isEqualTo(25.0);
  }

  @Test
  void euclideanDistanceOfAVectorToItselfIsZero() {
    float[] v = {0.3f, -2f, 7f};
    assertThat(Distances.euclidean(v, v.clone())).isZero();
  }

  @Test
  void cosineDistanceFollowsTheAngle() {
    assertThat(Distances.cosine(new float[] {1, 0}, new float[] {0, 1}))
        .isCloseTo(1.0, within(1e-12));
    assertThat(Distances.cosine(new float[] {1, 2}, new float[] {2, 4}))
        .isCloseTo(0.0, within(1e-12));
    assertThat(Distances.cosine(new float[] {1, 0}, new float[] {-3, 0}))
        .isCloseTo(2.0, within(1e-12));
    // cos 60 degrees = 0.5
    assertThat(Distances.cosine(new float[] {1, 0}, new float[] {1, (float) Math.sqrt(3)}))
        .isCloseTo(0.5, within(1e-7));
  }

  @Test
  void cosineDistanceToAZeroVectorIsOne() {
    assertThat(Distances.cosine(new float[] {0, 0}, new float[] {1, 2})).isEqualTo(1.0);
  }

  @Test
  void vectorsOfDifferentLengthsAreRefused() {
    assertThatThrownBy(() -> Distances.euclidean(new float[2], new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 and 3");
    assertThatThrownBy(() -> Distances.cosine(new float[4], new float[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void metricsDispatchAndRoundTripTheirWireNames() {
    float[] a = {1, 1};
    float[] b = {4, 5};
    assertThat(Metric.EUCLIDEAN.between(a, b)).isEqualTo(5.0);
    assertThat(Metric.COSINE.between(a, a)).isCloseTo(0.0, within(1e-12));
    for (Metric m : Metric.values()) {
      assertThat(Metric.fromWireName(m.wireName())).isEqualTo(m);
    }
    assertThat(Metric.EUCLIDEAN.wireName()).isEqualTo("euclidean");
    assertThatThrownBy(() -> Metric.fromWireName("EUCLIDEAN"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
