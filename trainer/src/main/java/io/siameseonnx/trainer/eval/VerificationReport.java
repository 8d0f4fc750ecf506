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
    double tarAtFar1e3) {

  /** The seed's fixed decision threshold. */
  public static final double SEED_THRESHOLD = 0.5;

  /** Computes every figure for the pairs at the threshold. */
  public static VerificationReport of(double[] distances, int[] labels, double threshold) {
    return new VerificationReport(
        distances.length,
        threshold,
        Verification.accuracy(distances, labels, threshold),
        Verification.accuracy(distances, labels, SEED_THRESHOLD),
        Verification.precision(distances, labels, threshold),
        Verification.recall(distances, labels, threshold),
        Verification.rocAuc(distances, labels),
        Verification.equalErrorRate(distances, labels),
        Verification.trueAcceptRateAt(distances, labels, 1e-2),
        Verification.trueAcceptRateAt(distances, labels, 1e-3));
  }

  /** The figures as flat metrics under a prefix, NaNs left out. */
  public Map<String, Double> toMetrics(String prefix) {
    Map<String, Double> m = new LinkedHashMap<>();
    put(m, prefix + "test_pairs", pairs);
    put(m, prefix + "threshold", threshold);
    put(m, prefix + "test_accuracy", accuracy);
    put(m, prefix + "test_accuracy_at_0_5", accuracyAtHalf);
    put(m, prefix + "precision", precision);
    put(m, prefix + "recall", recall);
    put(m, prefix + "roc_auc", rocAuc);
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
