package io.siameseonnx.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ThresholdRuleTest {
  private static final int N = 2000;
  private static final double[] DISTANCES = new double[N];
  private static final int[] LABELS = new int[N];

  static {
    // overlapping classes: similar pairs around 0.4, dissimilar ones around 0.8
    Random rnd = new Random(9);
    for (int i = 0; i < N; i++) {
      LABELS[i] = i % 2;
      DISTANCES[i] = (LABELS[i] == 1 ? 0.4 : 0.8) + 0.2 * rnd.nextGaussian();
    }
  }

  @Test
  void theRulesParseAndPrintBack() {
    assertThat(ThresholdRule.parse("accuracy")).isEqualTo(ThresholdRule.ACCURACY);
    assertThat(ThresholdRule.parse("EER").kind()).isEqualTo(ThresholdRule.Kind.EER);
    assertThat(ThresholdRule.parse("far=1e-3").targetFar()).isEqualTo(1e-3);
    assertThat(ThresholdRule.parse("far=1e-3").wireName()).isEqualTo("far=0.001");
  }

  @Test
  void aRuleThatIsNoneOfThemIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> ThresholdRule.parse("precision"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accuracy, eer or far=RATE");
    assertThatThrownBy(() -> ThresholdRule.parse("far=2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(0, 1)");
  }

  @Test
  void accuracyIsTheThresholdWithTheMostPairsRight() {
    double t = ThresholdRule.ACCURACY.calibrate(DISTANCES, LABELS);

    assertThat(t).isEqualTo(Verification.calibrateThreshold(DISTANCES, LABELS));
  }

  @Test
  void aFarTargetIsMetAndNoLargerThresholdMeetsIt() {
    ThresholdRule rule = ThresholdRule.parse("far=0.01");

    double t = rule.calibrate(DISTANCES, LABELS);

    assertThat(Verification.falseAcceptRate(DISTANCES, LABELS, t)).isLessThanOrEqualTo(0.01);
    // the next dissimilar distance above t would push the rate past the target
    double next = Double.POSITIVE_INFINITY;
    for (int i = 0; i < N; i++) {
      if (LABELS[i] == 0 && DISTANCES[i] >= t) {
        next = Math.min(next, DISTANCES[i]);
      }
    }
    assertThat(Verification.falseAcceptRate(DISTANCES, LABELS, next + 1e-9)).isGreaterThan(0.01);
  }

  @Test
  void theEerThresholdBalancesFalseAcceptsAndFalseRejects() {
    double t = ThresholdRule.parse("eer").calibrate(DISTANCES, LABELS);

    double far = Verification.falseAcceptRate(DISTANCES, LABELS, t);
    double frr = 1 - Verification.recall(DISTANCES, LABELS, t);
    assertThat(Math.abs(far - frr)).isLessThan(0.01);
    assertThat(far).isCloseTo(Verification.equalErrorRate(DISTANCES, LABELS), within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.01);
  }

  @Test
  void aStricterFarTargetGivesASmallerThreshold() {
    double loose = ThresholdRule.parse("far=0.1").calibrate(DISTANCES, LABELS);
    double strict = ThresholdRule.parse("far=0.001").calibrate(DISTANCES, LABELS);

    assertThat(strict).isLessThan(loose);
    assertThat(Verification.falseAcceptRate(DISTANCES, LABELS, strict)).isLessThanOrEqualTo(0.001);
  }
}
