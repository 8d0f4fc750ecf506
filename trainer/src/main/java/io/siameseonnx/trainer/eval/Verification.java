package io.siameseonnx.trainer.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Verification metrics over pair distances, where label 1 means "similar" and a pair is predicted
 * similar when its distance is below the threshold. Pure Java, no DJL.
 */
public final class Verification {
  private Verification() {}

  /** Fraction of pairs classified correctly at {@code threshold}. */
  public static double accuracy(double[] distances, int[] labels, double threshold) {
    check(distances, labels);
    int correct = 0;
    for (int i = 0; i < distances.length; i++) {
      boolean similar = distances[i] < threshold;
      if (similar == (labels[i] == 1)) {
        correct++;
      }
    }
    return distances.length == 0 ? 0 : (double) correct / distances.length;
  }

  /**
   * The threshold that maximises accuracy on these pairs: the midpoint between two consecutive
   * sorted distances; ties broken towards the middle of the best run.
   */
  public static double calibrateThreshold(double[] distances, int[] labels) {
    check(distances, labels);
    if (distances.length == 0) {
      throw new IllegalArgumentException("no pairs to calibrate a threshold on");
    }
    Integer[] order = sortedOrder(distances);
    int positives = (int) Arrays.stream(labels).filter(l -> l == 1).count();
    int n = distances.length;
    // Candidate k: the k smallest distances are called similar.
    int correct = n - positives; // k = 0: everything dissimilar
    int best = correct;
    int bestFirst = 0;
    int bestLast = 0;
    for (int k = 1; k <= n; k++) {
      correct += labels[order[k - 1]] == 1 ? 1 : -1;
      if (k < n && distances[order[k - 1]] == distances[order[k]]) {
        continue; // cannot split between equal distances
      }
      if (correct > best) {
        best = correct;
        bestFirst = k;
        bestLast = k;
      } else if (correct == best && bestLast == k - 1) {
        bestLast = k;
      }
    }
    return accepting(distances, order, (bestFirst + bestLast + 1) / 2);
  }

  /**
   * A positive threshold that accepts exactly the {@code k} smallest distances ({@code order} sorts
   * them): the midpoint between the k-th and the next.
   */
  static double accepting(double[] distances, Integer[] order, int k) {
    int n = order.length;
    if (k == 0) {
      return Math.max(distances[order[0]] / 2, 1e-6);
    }
    if (k == n) {
      return distances[order[n - 1]] * 1.01 + 1e-6;
    }
    double mid = (distances[order[k - 1]] + distances[order[k]]) / 2;
    return mid > 0 ? mid : 1e-6;
  }

  /**
   * ROC-AUC with similarity = -distance: the probability that a random similar pair is closer than
   * a random dissimilar one (ties count one half).
   */
  public static double rocAuc(double[] distances, int[] labels) {
    check(distances, labels);
    Integer[] order = sortedOrder(distances);
    double[] ranks = new double[distances.length];
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && distances[order[j + 1]] == distances[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      i = j + 1;
    }
    long pos = Arrays.stream(labels).filter(l -> l == 1).count();
    long neg = labels.length - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    // Rank sum of the dissimilar pairs (larger distance = better separated).
    double negRankSum = 0;
    for (int k = 0; k < labels.length; k++) {
      if (labels[k] != 1) {
        negRankSum += ranks[k];
      }
    }
    double u = negRankSum - neg * (neg + 1) / 2.0;
    return u / ((double) pos * neg);
  }

  /** One point of the ROC curve. */
  public record RocPoint(double threshold, double falseAcceptRate, double trueAcceptRate) {}

  /**
   * The ROC curve: for each distinct distance t (ascending), the rates when pairs with distance
   * {@code <= t} are accepted as similar. Starts at (0, 0).
   */
  public static RocPoint[] rocCurve(double[] distances, int[] labels) {
    check(distances, labels);
    Integer[] order = sortedOrder(distances);
    long pos = Arrays.stream(labels).filter(l -> l == 1).count();
    long neg = labels.length - pos;
    java.util.List<RocPoint> points = new java.util.ArrayList<>();
    points.add(new RocPoint(Double.NEGATIVE_INFINITY, 0, 0));
    int tp = 0;
    int fp = 0;
    for (int k = 0; k < order.length; k++) {
      if (labels[order[k]] == 1) {
        tp++;
      } else {
        fp++;
      }
      if (k + 1 < order.length && distances[order[k + 1]] == distances[order[k]]) {
        continue;
      }
      points.add(
          new RocPoint(
              distances[order[k]],
              neg == 0 ? 0 : (double) fp / neg,
              pos == 0 ? 0 : (double) tp / pos));
    }
    return points.toArray(RocPoint[]::new);
  }

  /** Equal error rate: where the false accept rate equals the false reject rate (interpolated). */
  public static double equalErrorRate(double[] distances, int[] labels) {
    RocPoint[] roc = rocCurve(distances, labels);
    for (int k = 1; k < roc.length; k++) {
      double frrPrev = 1 - roc[k - 1].trueAcceptRate();
      double frr = 1 - roc[k].trueAcceptRate();
      double farPrev = roc[k - 1].falseAcceptRate();
      double far = roc[k].falseAcceptRate();
      if (far >= frr) {
        // Interpolate between k-1 (far < frr) and k (far >= frr).
        double gapPrev = frrPrev - farPrev;
        double gap = far - frr;
        double t = gapPrev + gap == 0 ? 0 : gapPrev / (gapPrev + gap);
        return farPrev + t * (far - farPrev);
      }
    }
    return 1.0;
  }

  /**
   * The true accept rate at the largest threshold whose false accept rate does not exceed {@code
   * far}; NaN when there are too few dissimilar pairs to measure that rate.
   */
  public static double trueAcceptRateAt(double[] distances, int[] labels, double far) {
    long neg = Arrays.stream(labels).filter(l -> l != 1).count();
    if (neg == 0 || 1.0 / neg > far) {
      return Double.NaN;
    }
    double best = 0;
    for (RocPoint p : rocCurve(distances, labels)) {
      if (p.falseAcceptRate() <= far) {
        best = Math.max(best, p.trueAcceptRate());
      }
    }
    return best;
  }

  /**
   * False accept rate at the threshold: the share of dissimilar pairs called similar (NaN without
   * dissimilar pairs).
   */
  public static double falseAcceptRate(double[] distances, int[] labels, double threshold) {
    check(distances, labels);
    int accepted = 0;
    int negatives = 0;
    for (int i = 0; i < distances.length; i++) {
      if (labels[i] != 1) {
        negatives++;
        if (distances[i] < threshold) {
          accepted++;
        }
      }
    }
    return negatives == 0 ? Double.NaN : (double) accepted / negatives;
  }

  /** Precision of "similar" at the threshold (NaN when nothing is called similar). */
  public static double precision(double[] distances, int[] labels, double threshold) {
    int tp = 0;
    int predicted = 0;
    for (int i = 0; i < distances.length; i++) {
      if (distances[i] < threshold) {
        predicted++;
        if (labels[i] == 1) {
          tp++;
        }
      }
    }
    return predicted == 0 ? Double.NaN : (double) tp / predicted;
  }

  /** Recall of "similar" at the threshold (NaN without similar pairs). */
  public static double recall(double[] distances, int[] labels, double threshold) {
    int tp = 0;
    int positives = 0;
    for (int i = 0; i < distances.length; i++) {
      if (labels[i] == 1) {
        positives++;
        if (distances[i] < threshold) {
          tp++;
        }
      }
    }
    return positives == 0 ? Double.NaN : (double) tp / positives;
  }

  static Integer[] sortedOrder(double[] distances) {
    return IntStream.range(0, distances.length)
        .boxed()
        .sorted(Comparator.comparingDouble(i -> distances[i]))
        .toArray(Integer[]::new);
  }

  private static void check(double[] distances, int[] labels) {
    if (distances.length != labels.length) {
      throw new IllegalArgumentException(
          distances.length + " distances but " + labels.length + " labels");
    }
    for (double d : distances) {
      if (Double.isNaN(d)) {
        throw new IllegalArgumentException("a distance is NaN: the model diverged");
      }
    }
  }
}
