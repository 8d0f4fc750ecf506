package io.siameseonnx.server.matching;

import io.siameseonnx.shared.distance.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Distances between embeddings and the verdicts drawn from them: similar when below a threshold.
 */
public final class Matching {
  private Matching() {}

  /** The verdict on one pair. */
  public static Match pair(int index, float[] a, float[] b, Metric metric, double threshold) {
    double distance = metric.between(a, b);
    return new Match(index, distance, distance < threshold);
  }

  /** The verdicts on pairs {@code (a[i], b[i])}, in order. */
  public static List<Match> pairs(float[][] a, float[][] b, Metric metric, double threshold) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "pair lists differ in length: " + a.length + " and " + b.length);
    }
    List<Match> matches = new ArrayList<>(a.length);
    for (int i = 0; i < a.length; i++) {
      matches.add(pair(i, a[i], b[i], metric, threshold));
    }
    return matches;
  }

  /**
   * The candidates ranked by distance to the query, nearest first (ties in request order), at most
   * {@code topK} of them.
   */
  public static List<Match> rank(
      float[] query, float[][] candidates, Metric metric, double threshold, int topK) {
    if (topK < 1) {
      throw new IllegalArgumentException("top_k must be at least 1");
    }
    List<Match> matches = new ArrayList<>(candidates.length);
    for (int i = 0; i < candidates.length; i++) {
      matches.add(pair(i, query, candidates[i], metric, threshold));
    }
    matches.sort(Comparator.comparingDouble(Match::distance).thenComparingInt(Match::index));
    return matches.size() > topK ? List.copyOf(matches.subList(0, topK)) : matches;
  }
}
