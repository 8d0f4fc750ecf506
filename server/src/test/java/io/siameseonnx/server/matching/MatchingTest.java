package io.siameseonnx.server.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.shared.distance.Metric;
import org.junit.jupiter.api.Test;

class MatchingTest {
  private static final float[] ORIGIN = {0, 0};

  @Test
  void aPairIsSimilarOnlyWhenItsDistanceIsBelowTheThreshold() {
    assertThat(Matching.pair(0, ORIGIN, new float[] {3, 4}, Metric.EUCLIDEAN, 5.0).similar())
        .isFalse();
    assertThat(Matching.pair(0, ORIGIN, new float[] {3, 4}, Metric.EUCLIDEAN, 5.0001).similar())
        .isTrue();
    assertThat(Matching.pair(0, ORIGIN, new float[] {3, 4}, Metric.EUCLIDEAN, 1).distance())
        .isEqualTo(5.0);
  }

  @Test
  void pairsKeepTheirOrder() {
    float[][] a = {ORIGIN, ORIGIN};
    float[][] b = {{0, 2}, {0, 1}};
    assertThat(Matching.pairs(a, b, Metric.EUCLIDEAN, 1.5))
        .containsExactly(new Match(0, 2.0, false), new Match(1, 1.0, true));
  }

  @Test
  void rankingIsNearestFirstWithTiesInRequestOrderAndCutAtTopK() {
    float[][] candidates = {{0, 3}, {1, 0}, {0, 1}, {2, 0}};
    assertThat(Matching.rank(ORIGIN, candidates, Metric.EUCLIDEAN, 1.5, 10))
        .containsExactly(
            new Match(1, 1.0, true),
            new Match(2, 1.0, true),
            new Match(3, 2.0, false),
            new Match(0, 3.0, false));
    assertThat(Matching.rank(ORIGIN, candidates, Metric.EUCLIDEAN, 1.5, 2))
        .extracting(Match::index)
        .containsExactly(1, 2);
  }

  @Test
  void cosineDistanceUsesTheCardMetric() {
    assertThat(
            Matching.pair(0, new float[] {1, 0}, new float[] {0, 1}, Metric.COSINE, 0.5).distance())
        .isEqualTo(1.0);
  }

  @Test
  void topKMustBePositive() {
    assertThatThrownBy(() -> Matching.rank(ORIGIN, new float[][] {ORIGIN}, Metric.EUCLIDEAN, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
