package io.siameseonnx.trainer.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verification figures for one set of pairs at a given threshold.
 *
 * @param pairs number of pairs
 * @param threshold the threshold used
 * @param accuracy accuracy at the threshold
 * @param accuracyAtHalf accuracy at the seed's fixed threshold 0.5
 * @param precision precision of "similar"
 * @param recall recall of "similar"
 * @param rocAuc area under the ROC curve
 * @param eer equal error rate
 * @param tarAtFar1e2 true accept rate at a false accept rate of 1e-2 (NaN when not measurable)
 * @param tarAtFar1e3 true accept rate at a false accept rate of 1e-3 (NaN when not measurable)
 * @param similarPairs number of similar pairs among {@code pairs}
 * @param accuracyCi95 the Wilson 95% interval of {@code accuracy}, {@code {low, high}}
 * @param rocAucCi95 the Hanley-McNeil 95% interval of {@code rocAuc}, {@code {low, high}}
 * @param falseAcceptRate the share of dissimilar pairs called similar at the threshold
 */
public record VerificationReport(
    int pairs,
    double threshold,
    double accuracy,
    double accuracyAtHalf,
    double precision,
    double recall,
    double rocAuc,
    double eer,
    double tarAtFar1e2,
    double tarAtFar1e3,
    int similarPairs,
    double[] accuracyCi95,
    double[] rocAucCi95,
    double falseAcceptRate) {

  /** Copies the intervals. */
  public VerificationReport {
    accuracyCi95 = accuracyCi95.clone();
    rocAucCi95 = rocAucCi95.clone();
  }

  /** The interval of the accuracy, {@code {low, high}}. */
  @Override
  public double[] accuracyCi95() {
    return accuracyCi95.clone();
  }

  /** The interval of the ROC-AUC, {@code {low, high}}. */
  @Override
  public double[] rocAucCi95() {
    return rocAucCi95.clone();
  }

  /** The seed's fixed decision threshold. */
  public static final double SEED_THRESHOLD = 0.5;

  /** Computes every figure for the pairs at the threshold. */
  public static VerificationReport of(double[] distances, int[] labels, double threshold) {
    double accuracy = Verification.accuracy(distances, labels, threshold);
    double auc = Verification.rocAuc(distances, labels);
    int similar = (int) java.util.Arrays.stream(labels).filter(l -> l == 1).count();
    int n = distances.length;
    return new VerificationReport(
        n,
        threshold,
        accuracy,
        Verification.accuracy(distances, labels, SEED_THRESHOLD),
        Verification.precision(distances, labels, threshold),
        Verification.recall(distances, labels, threshold),
        auc,
        Verification.equalErrorRate(distances, labels),
        Verification.trueAcceptRateAt(distances, labels, 1e-2),
        Verification.trueAcceptRateAt(distances, labels, 1e-3),
        similar,
        ConfidenceIntervals.wilson(Math.round(accuracy * n), n),
        ConfidenceIntervals.hanleyMcNeil(auc, similar, n - similar),
        Verification.falseAcceptRate(distances, labels, threshold));
  }

  /** The figures as flat metrics under a prefix, NaNs left out. */
  public Map<String, Double> toMetrics(String prefix) {
    Map<String, Double> m = new LinkedHashMap<>();
    put(m, prefix + "test_pairs", pairs);
    put(m, prefix + "test_similar_pairs", similarPairs);
    put(m, prefix + "threshold", threshold);
    put(m, prefix + "test_accuracy", accuracy);
    put(m, prefix + "test_accuracy_ci95_low", accuracyCi95[0]);
    put(m, prefix + "test_accuracy_ci95_high", accuracyCi95[1]);
    put(m, prefix + "test_accuracy_at_0_5", accuracyAtHalf);
    put(m, prefix + "precision", precision);
    put(m, prefix + "recall", recall);
    put(m, prefix + "far_at_threshold", falseAcceptRate);
    put(m, prefix + "tar_at_threshold", recall);
    put(m, prefix + "roc_auc", rocAuc);
    put(m, prefix + "roc_auc_ci95_low", rocAucCi95[0]);
    put(m, prefix + "roc_auc_ci95_high", rocAucCi95[1]);
    put(m, prefix + "eer", eer);
    put(m, prefix + "tar_at_far_1e-2", tarAtFar1e2);
    put(m, prefix + "tar_at_far_1e-3", tarAtFar1e3);
    return m;
  }

  private static void put(Map<String, Double> m, String key, double value) {
    if (Double.isFinite(value)) {
      m.put(key, value);
    }
  }
}
