package io.siameseonnx.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VerificationTest {
  // three similar pairs well below three dissimilar ones
  private static final double[] SEPARABLE = {0.1, 0.9, 0.2, 0.8, 0.3, 1.0};
  private static final int[] SEPARABLE_LABELS = {1, 0, 1, 0, 1, 0};

  @Test
  void perfectlySeparableDistancesGiveAucOneAndNoErrors() {
    assertThat(Verification.rocAuc(SEPARABLE, SEPARABLE_LABELS)).isEqualTo(1.0);
    assertThat(Verification.equalErrorRate(SEPARABLE, SEPARABLE_LABELS)).isEqualTo(0.0);
  }

  @Test
  void theCalibratedThresholdOfSeparableDistancesLiesBetweenTheGroupsAndIsFullyAccurate() {
    double threshold = Verification.calibrateThreshold(SEPARABLE, SEPARABLE_LABELS);

    assertThat(threshold).isGreaterThan(0.3).isLessThan(0.8);
    assertThat(Verification.accuracy(SEPARABLE, SEPARABLE_LABELS, threshold)).isEqualTo(1.0);
  }

  @Test
  void invertedDistancesGiveAucZeroAndAnEqualErrorRateOfOne() {
    int[] inverted = {0, 1, 0, 1, 0, 1};

    assertThat(Verification.rocAuc(SEPARABLE, inverted)).isEqualTo(0.0);
    assertThat(Verification.equalErrorRate(SEPARABLE, inverted)).isEqualTo(1.0);
  }

  @Test
  void allEqualDistancesGiveAucOneHalf() {
    double[] d = {0.5, 0.5, 0.5, 0.5, 0.5};
    int[] labels = {1, 0, 1, 0, 0};

    assertThat(Verification.rocAuc(d, labels)).isEqualTo(0.5);
  }

  @Test
  void oneSwappedPairOutOfNineGivesAucEightNinths() {
    // the similar pair at 0.5 is farther than the dissimilar one at 0.4: 8 of 9 orderings right
    double[] d = {0.1, 0.2, 0.5, 0.4, 0.6, 0.7};
    int[] labels = {1, 1, 1, 0, 0, 0};

    assertThat(Verification.rocAuc(d, labels)).isCloseTo(8.0 / 9, within(1e-12));
  }

  @Test
  void aTieBetweenASimilarAndADissimilarPairCountsOneHalf() {
    double[] d = {0.1, 0.5, 0.5, 0.9};
    int[] labels = {1, 1, 0, 0};

    // orderings: (0.1, 0.5) 1, (0.1, 0.9) 1, (0.5, 0.5) 1/2, (0.5, 0.9) 1 -> 3.5 / 4
    assertThat(Verification.rocAuc(d, labels)).isCloseTo(0.875, within(1e-12));
  }

  @Test
  void aucIsUndefinedWithoutBothKindsOfPairs() {
    assertThat(Verification.rocAuc(new double[] {0.1, 0.2}, new int[] {1, 1})).isNaN();
  }

  @Test
  void accuracyCountsPairsBelowTheThresholdAsSimilar() {
    double[] d = {0.1, 0.4, 0.6, 0.9};
    int[] labels = {1, 0, 1, 0};

    // at 0.5: 0.1 right, 0.4 wrong, 0.6 wrong, 0.9 right
    assertThat(Verification.accuracy(d, labels, 0.5)).isEqualTo(0.5);
    assertThat(Verification.accuracy(d, labels, 0.7)).isEqualTo(0.75);
  }

  @Test
  void theCalibratedThresholdIsAsAccurateAsTheBestOfEveryPossibleThreshold() {
    Random rnd = new Random(11);
    int n = 301;
    double[] d = new double[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = rnd.nextBoolean() ? 1 : 0;
      // overlapping groups, rounded so that some distances tie
      double raw = labels[i] == 1 ? 0.6 + 0.3 * rnd.nextGaussian() : 1.0 + 0.3 * rnd.nextGaussian();
      d[i] = Math.round(Math.abs(raw) * 100) / 100.0;
    }

    double threshold = Verification.calibrateThreshold(d, labels);

    double best = 0;
    for (double t = -0.005; t <= 3.0; t += 0.005) {
      best = Math.max(best, Verification.accuracy(d, labels, t));
    }
    assertThat(best).isGreaterThan(0.6);
    assertThat(Verification.accuracy(d, labels, threshold)).isEqualTo(best);
  }

  @Test
  void whenAllPairsAreSimilarTheCalibratedThresholdAcceptsThemAll() {
    double[] d = {0.2, 0.4, 0.6};
    int[] labels = {1, 1, 1};

    double threshold = Verification.calibrateThreshold(d, labels);

    assertThat(Verification.accuracy(d, labels, threshold)).isEqualTo(1.0);
  }

  @Test
  void whenAllPairsAreDissimilarTheCalibratedThresholdRejectsThemAll() {
    double[] d = {0.2, 0.4, 0.6};
    int[] labels = {0, 0, 0};

    double threshold = Verification.calibrateThreshold(d, labels);

    assertThat(threshold).isPositive();
    assertThat(Verification.accuracy(d, labels, threshold)).isEqualTo(1.0);
  }

  @Test
  void calibratingOnNoPairsIsRefused() {
    assertThatThrownBy(() -> Verification.calibrateThreshold(new double[0], new int[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNanDistanceIsRefusedAsADivergedModel() {
    assertThatThrownBy(
            () -> Verification.calibrateThreshold(new double[] {0.1, Double.NaN}, new int[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
  }

  @Test
  void mismatchedLengthsAreRefused() {
    assertThatThrownBy(() -> Verification.rocAuc(new double[] {0.1, 0.2}, new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 distances but 1 labels");
  }

  @Test
  void theTrueAcceptRateAtAFalseAcceptRateIsNanWithTooFewDissimilarPairs() {
    // 50 dissimilar pairs cannot measure a rate of 1 in 100
    double[] d = new double[60];
    int[] labels = new int[60];
    for (int i = 0; i < 60; i++) {
      d[i] = i;
      labels[i] = i < 10 ? 1 : 0;
    }

    assertThat(Verification.trueAcceptRateAt(d, labels, 1e-2)).isNaN();
    assertThat(Verification.trueAcceptRateAt(d, labels, 0.05)).isEqualTo(1.0);
  }

  @Test
  void theTrueAcceptRateAtOnePercentAllowsOneDissimilarPairInAHundred() {
    // dissimilar pairs at 1..100; similar ones at 0.5 and 1.5 (one false accept), 2.5 and 200
    double[] d = new double[104];
    int[] labels = new int[104];
    for (int i = 0; i < 100; i++) {
      d[i] = i + 1;
    }
    double[] similar = {0.5, 1.5, 2.5, 200};
    for (int i = 0; i < 4; i++) {
      d[100 + i] = similar[i];
      labels[100 + i] = 1;
    }

    assertThat(Verification.trueAcceptRateAt(d, labels, 1e-2)).isEqualTo(0.5);
  }

  @Test
  void precisionAndRecallCountThePairsCalledSimilar() {
    double[] d = {0.1, 0.2, 0.3, 0.4, 0.6, 0.7};
    int[] labels = {1, 0, 1, 1, 0, 0};

    // at 0.5: four called similar, three of them are; all three similar pairs found
    assertThat(Verification.precision(d, labels, 0.5)).isEqualTo(0.75);
    assertThat(Verification.recall(d, labels, 0.5)).isEqualTo(1.0);
    // at 0.25: two called similar, one of them is; one of three found
    assertThat(Verification.precision(d, labels, 0.25)).isEqualTo(0.5);
    assertThat(Verification.recall(d, labels, 0.25)).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void precisionIsNanWhenNothingIsCalledSimilar() {
    assertThat(Verification.precision(new double[] {0.6}, new int[] {1}, 0.5)).isNaN();
    assertThat(Verification.recall(new double[] {0.6}, new int[] {0}, 0.5)).isNaN();
  }

  @Test
  void theRocCurveStartsAtTheOriginAndEndsAtOneOne() {
    Verification.RocPoint[] roc = Verification.rocCurve(SEPARABLE, SEPARABLE_LABELS);

    assertThat(roc[0].falseAcceptRate()).isZero();
    assertThat(roc[0].trueAcceptRate()).isZero();
    assertThat(roc[roc.length - 1].falseAcceptRate()).isEqualTo(1.0);
    assertThat(roc[roc.length - 1].trueAcceptRate()).isEqualTo(1.0);
    // six distinct distances: six points after the origin
    assertThat(roc).hasSize(7);
  }

  @Test
  void theEqualErrorRateOfAnOverlapIsWhereTheErrorRatesCross() {
    // one similar pair among the dissimilar ones and one dissimilar among the similar ones
    double[] d = {0.1, 0.2, 0.3, 0.7, 0.4, 0.8, 0.9, 1.0};
    int[] labels = {1, 1, 1, 1, 0, 0, 0, 0};

    // at 0.4 (FAR 1/4, FRR 1/4) the rates are equal
    assertThat(Verification.equalErrorRate(d, labels)).isCloseTo(0.25, within(1e-12));
  }
}
