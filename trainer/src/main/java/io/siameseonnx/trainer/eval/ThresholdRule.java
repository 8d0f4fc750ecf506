package io.siameseonnx.trainer.eval;

import java.util.Arrays;
import java.util.Locale;

/**
 * The operating point a decision threshold is calibrated for on validation pairs: the best
 * accuracy, the equal error rate, or a target false accept rate ({@code far=1e-3}: at most one
 * dissimilar pair in a thousand called similar).
 *
 * @param kind what the threshold optimises
 * @param targetFar the false accept rate aimed at, for {@link Kind#FAR}; NaN otherwise
 */
public record ThresholdRule(Kind kind, double targetFar) {
  /** What a threshold can be calibrated for. */
  public enum Kind {
    /** The most validation pairs right. */
    ACCURACY,
    /** False accept rate equal to false reject rate. */
    EER,
    /** The largest threshold whose false accept rate is at most the target. */
    FAR
  }

  /** The default: the most validation pairs right. */
  public static final ThresholdRule ACCURACY = new ThresholdRule(Kind.ACCURACY, Double.NaN);

  /** Checks the target rate. */
  public ThresholdRule {
    if (kind == Kind.FAR && !(targetFar > 0 && targetFar < 1)) {
      throw new IllegalArgumentException(
          "the target false accept rate must be in (0, 1), got " + targetFar);
    }
  }

  /** Parses {@code accuracy}, {@code eer} or {@code far=RATE} (e.g. {@code far=1e-3}). */
  public static ThresholdRule parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("accuracy")) {
      return ACCURACY;
    }
    if (t.equals("eer")) {
      return new ThresholdRule(Kind.EER, Double.NaN);
    }
    if (t.startsWith("far=")) {
      try {
        return new ThresholdRule(Kind.FAR, Double.parseDouble(t.substring(4)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "bad threshold rule '" + text + "': expected a rate such as far=1e-3", e);
      }
    }
    throw new IllegalArgumentException(
        "bad threshold rule '" + text + "': expected accuracy, eer or far=RATE (e.g. far=1e-3)");
  }

  /** The rule as written on the command line and in the model card. */
  public String wireName() {
    return switch (kind) {
      case ACCURACY -> "accuracy";
      case EER -> "eer";
      case FAR -> "far=" + targetFar;
    };
  }

  /**
   * The threshold for these validation pairs (similar when the distance is below it), always
   * positive. For {@link Kind#FAR} with fewer dissimilar pairs than the target needs (fewer than
   * {@code 1 / targetFar}), no false accept at all is allowed.
   */
  public double calibrate(double[] distances, int[] labels) {
    if (distances.length == 0) {
      throw new IllegalArgumentException("no pairs to calibrate a threshold on");
    }
    return switch (kind) {
      case ACCURACY -> Verification.calibrateThreshold(distances, labels);
      case EER -> byCount(distances, labels, Double.NaN);
      case FAR -> byCount(distances, labels, targetFar);
    };
  }

  /**
   * Walks the cut points between sorted distances: with {@code far} NaN, the cut whose false accept
   * and false reject rates are closest; otherwise the last cut whose false accept rate is at most
   * {@code far}.
   */
  private static double byCount(double[] distances, int[] labels, double far) {
    Integer[] order = Verification.sortedOrder(distances);
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    long negatives = labels.length - positives;
    int n = distances.length;
    int best = 0;
    double bestGap = Double.POSITIVE_INFINITY;
    int accepted = 0;
    int falseAccepts = 0;
    for (int k = 0; k <= n; k++) {
      if (k > 0) {
        accepted++;
        falseAccepts += labels[order[k - 1]] == 1 ? 0 : 1;
        if (k < n && distances[order[k - 1]] == distances[order[k]]) {
          continue; // cannot cut between equal distances
        }
      }
      double farK = negatives == 0 ? 0 : (double) falseAccepts / negatives;
      double frrK = positives == 0 ? 0 : 1 - (double) (accepted - falseAccepts) / positives;
      if (Double.isNaN(far)) {
        double gap = Math.abs(farK - frrK);
        if (gap < bestGap) {
          bestGap = gap;
          best = k;
        }
      } else if (farK <= far) {
        best = k;
      }
    }
    return Verification.accepting(distances, order, best);
  }
}
