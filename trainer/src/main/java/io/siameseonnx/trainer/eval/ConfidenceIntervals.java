package io.siameseonnx.trainer.eval;

/**
 * 95% confidence intervals for the figures a run reports, so that a figure from a handful of pairs
 * does not read like one from thousands. Both treat pairs as independent observations; pairs that
 * share images are not quite, so the true intervals are somewhat wider.
 */
public final class ConfidenceIntervals {
  /** The standard normal quantile of a two-sided 95% interval. */
  static final double Z95 = 1.959963984540054;

  private ConfidenceIntervals() {}

  /**
   * The Wilson score interval of a proportion: {@code successes} of {@code n}; {@code [0, 1]} when
   * {@code n} is 0. Unlike the normal approximation it stays inside [0, 1] and is not empty at 0 or
   * n successes.
   *
   * @return {@code {low, high}}
   */
  public static double[] wilson(long successes, long n) {
    if (n <= 0) {
      return new double[] {0, 1};
    }
    if (successes < 0 || successes > n) {
      throw new IllegalArgumentException(successes + " successes out of " + n);
    }
    double p = (double) successes / n;
    double z2 = Z95 * Z95;
    double centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
    double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /**
   * The Hanley-McNeil (1982) interval of a ROC-AUC from {@code positives} similar and {@code
   * negatives} dissimilar pairs: the AUC plus or minus 1.96 standard errors, where {@code se^2 =
   * (A(1-A) + (P-1)(Q1-A^2) + (N-1)(Q2-A^2)) / (P N)}, {@code Q1 = A/(2-A)}, {@code Q2 =
   * 2A^2/(1+A)}; clipped to [0, 1]; {@code [NaN, NaN]} without pairs of both kinds.
   *
   * @return {@code {low, high}}
   */
  public static double[] hanleyMcNeil(double auc, long positives, long negatives) {
    if (positives <= 0 || negatives <= 0 || Double.isNaN(auc)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double q1 = auc / (2 - auc);
    double q2 = 2 * auc * auc / (1 + auc);
    double a2 = auc * auc;
    double variance =
        (auc * (1 - auc) + (positives - 1) * (q1 - a2) + (negatives - 1) * (q2 - a2))
            / ((double) positives * negatives);
    double half = Z95 * Math.sqrt(Math.max(0, variance));
    return new double[] {Math.max(0, auc - half), Math.min(1, auc + half)};
  }
}
