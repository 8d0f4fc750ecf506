package io.siameseonnx.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationReportTest {
  private static final double[] DISTANCES = {0.1, 0.2, 0.3, 0.4, 0.6, 0.7};
  private static final int[] LABELS = {1, 0, 1, 1, 0, 0};

  @Test
  void theReportHoldsTheFiguresAtTheGivenThresholdAndAtTheSeedsHalf() {
    VerificationReport report = VerificationReport.of(DISTANCES, LABELS, 0.25);

    assertThat(report.pairs()).isEqualTo(6);
    assertThat(report.threshold()).isEqualTo(0.25);
    // at 0.25: 0.1 right, 0.2 wrong, 0.3 and 0.4 wrong, 0.6 and 0.7 right
    assertThat(report.accuracy()).isEqualTo(0.5);
    // at 0.5: only 0.2 wrong
    assertThat(report.accuracyAtHalf()).isEqualTo(5.0 / 6);
    assertThat(report.precision()).isEqualTo(0.5);
    // 9 similar/dissimilar orderings, the pair at 0.2 is closer than two similar ones
    assertThat(report.rocAuc()).isEqualTo(7.0 / 9);
  }

  @Test
  void toMetricsNamesEveryFigureUnderThePrefix() {
    Map<String, Double> metrics =
        VerificationReport.of(DISTANCES, LABELS, 0.5).toMetrics("finetune.");

    assertThat(metrics)
        .containsKeys(
            "finetune.test_pairs",
            "finetune.test_accuracy",
            "finetune.test_accuracy_at_0_5",
            "finetune.threshold",
            "finetune.precision",
            "finetune.recall",
            "finetune.roc_auc",
            "finetune.eer");
    assertThat(metrics.get("finetune.threshold")).isEqualTo(0.5);
    assertThat(metrics.get("finetune.test_accuracy")).isEqualTo(5.0 / 6);
    assertThat(metrics.get("finetune.roc_auc")).isEqualTo(7.0 / 9);
  }

  @Test
  void toMetricsLeavesOutFiguresThatCannotBeMeasured() {
    // three dissimilar pairs cannot measure a false accept rate of 1e-2 or 1e-3
    Map<String, Double> metrics =
        VerificationReport.of(DISTANCES, LABELS, 0.5).toMetrics("finetune.");

    assertThat(metrics).doesNotContainKeys("finetune.tar_at_far_1e-2", "finetune.tar_at_far_1e-3");
    assertThat(metrics.values()).allSatisfy(v -> assertThat(v).isFinite());
  }
}
