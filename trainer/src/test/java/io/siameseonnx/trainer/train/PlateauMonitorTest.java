package io.siameseonnx.trainer.train;

import static io.siameseonnx.trainer.train.PlateauMonitor.Decision.IMPROVED;
import static io.siameseonnx.trainer.train.PlateauMonitor.Decision.REDUCE_LR;
import static io.siameseonnx.trainer.train.PlateauMonitor.Decision.STOP;
import static io.siameseonnx.trainer.train.PlateauMonitor.Decision.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.trainer.train.PlateauMonitor.Decision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlateauMonitorTest {
  private static List<Decision> observe(PlateauMonitor monitor, double... losses) {
    List<Decision> decisions = new ArrayList<>();
    for (double loss : losses) {
      decisions.add(monitor.observe(loss));
    }
    return decisions;
  }

  @Test
  void theFirstEpochAlwaysImproves() {
    assertThat(new PlateauMonitor(3, 2, 0).observe(100.0)).isEqualTo(IMPROVED);
  }

  @Test
  void aPlateauLowersTheRateAfterLrPatienceAndStopsAfterStopPatience() {
    PlateauMonitor monitor = new PlateauMonitor(3, 2, 0);

    assertThat(observe(monitor, 1.0, 0.9, 0.95, 0.95, 0.95))
        .containsExactly(IMPROVED, IMPROVED, WAIT, REDUCE_LR, STOP);
    assertThat(monitor.best()).isEqualTo(0.9);
  }

  @Test
  void anImprovementResetsBothCounters() {
    PlateauMonitor monitor = new PlateauMonitor(3, 2, 0);

    assertThat(observe(monitor, 1.0, 1.1, 0.5, 0.6, 0.6, 0.4, 0.7, 0.7, 0.7))
        .containsExactly(
            IMPROVED, WAIT, IMPROVED, WAIT, REDUCE_LR, IMPROVED, WAIT, REDUCE_LR, STOP);
  }

  @Test
  void theRateIsLoweredAgainEveryLrPatienceEpochsWhileThePlateauLasts() {
    PlateauMonitor monitor = new PlateauMonitor(10, 2, 0);

    assertThat(observe(monitor, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0))
        .containsExactly(IMPROVED, WAIT, REDUCE_LR, WAIT, REDUCE_LR, WAIT, REDUCE_LR);
  }

  @Test
  void stoppingWinsWhenBothPatiencesRunOutTogether() {
    PlateauMonitor monitor = new PlateauMonitor(2, 2, 0);

    assertThat(observe(monitor, 1.0, 2.0, 2.0)).containsExactly(IMPROVED, WAIT, STOP);
  }

  @Test
  void aFallSmallerThanMinDeltaIsNoImprovement() {
    PlateauMonitor monitor = new PlateauMonitor(0, 0, 1e-3);

    assertThat(observe(monitor, 1.0, 0.9995, 0.998)).containsExactly(IMPROVED, WAIT, IMPROVED);
    assertThat(monitor.best()).isEqualTo(0.998);
  }

  @Test
  void patiencesOfZeroNeverLowerTheRateNorStop() {
    PlateauMonitor monitor = new PlateauMonitor(0, 0, 0);

    List<Decision> decisions = observe(monitor, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0);

    assertThat(decisions.subList(1, decisions.size())).containsOnly(WAIT);
  }

  @Test
  void aNanLossIsNeverAnImprovement() {
    PlateauMonitor monitor = new PlateauMonitor(2, 0, 0);

    assertThat(observe(monitor, 1.0, Double.NaN, Double.NaN)).containsExactly(IMPROVED, WAIT, STOP);
    assertThat(monitor.best()).isEqualTo(1.0);
  }

  @Test
  void beforeAnyEpochTheBestIsInfinite() {
    assertThat(new PlateauMonitor(1, 1, 0).best()).isEqualTo(Double.POSITIVE_INFINITY);
  }
}
