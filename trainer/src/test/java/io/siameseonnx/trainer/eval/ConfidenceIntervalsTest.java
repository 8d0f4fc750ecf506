package io.siameseonnx.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfidenceIntervalsTest {

  @Test
  void wilsonMatchesTheTextbookIntervalForEightOfTen() {
    double[] ci = ConfidenceIntervals.wilson(8, 10);

    assertThat(ci[0]).isCloseTo(0.4902, within(1e-4));
    assertThat(ci[1]).isCloseTo(0.9433, within(1e-4));
  }

  @Test
  void wilsonIsNotEmptyAtZeroSuccessesAndStaysInTheUnitInterval() {
    double[] none = ConfidenceIntervals.wilson(0, 10);
    double[] all = ConfidenceIntervals.wilson(10, 10);

    assertThat(none[0]).isZero();
    assertThat(none[1]).isCloseTo(0.2775, within(1e-4));
    assertThat(all[1]).isCloseTo(1.0, within(1e-12));
    assertThat(all[0]).isCloseTo(0.7225, within(1e-4));
  }

  @Test
  void wilsonNarrowsAsThePairsGrow() {
    double[] few = ConfidenceIntervals.wilson(9, 10);
    double[] many = ConfidenceIntervals.wilson(900, 1000);

    assertThat(many[1] - many[0]).isLessThan((few[1] - few[0]) / 5);
  }

  @Test
  void hanleyMcNeilGivesTheKnownStandardErrorForAucPointNineOnFiftyAndFifty() {
    double[] ci = ConfidenceIntervals.hanleyMcNeil(0.9, 50, 50);

    // se = 0.03212 (Hanley and McNeil, 1982, eq. 2)
    assertThat(ci[0]).isCloseTo(0.9 - 1.96 * 0.03212, within(1e-3));
    assertThat(ci[1]).isCloseTo(0.9 + 1.96 * 0.03212, within(1e-3));
  }

  @Test
  void hanleyMcNeilIsUndefinedWithoutPairsOfBothKinds() {
    assertThat(ConfidenceIntervals.hanleyMcNeil(0.9, 0, 50)).containsOnly(Double.NaN);
  }

  @Test
  void aPerfectAucFromAHandfulOfPairsStillReachesOne() {
    double[] ci = ConfidenceIntervals.hanleyMcNeil(1.0, 3, 3);

    assertThat(ci[1]).isEqualTo(1.0);
    assertThat(ci[0]).isLessThanOrEqualTo(1.0);
  }
}
