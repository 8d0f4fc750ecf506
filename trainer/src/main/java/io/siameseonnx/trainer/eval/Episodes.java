package io.siameseonnx.trainer.eval;

import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.data.Shuffle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * N-way k-shot episodes: each episode picks N classes, k support images and some query images of
 * each, and classifies every query by the nearest class prototype (the mean support embedding; with
 * k = 1 this is 1-nearest-neighbour), under the model's metric. Accuracy is averaged over episodes,
 * with a 95% confidence interval, for the model and for raw pixels (Euclidean, the fixed baseline)
 * on the very same episodes.
 */
public final class Episodes {
  private Episodes() {}

  /** One sampled episode: indices into the data set. */
  public record Episode(int[] classes, int[][] support, int[][] queries) {}

  /**
   * The outcome.
   *
   * @param ways N
   * @param shots k
   * @param episodes episodes run
   * @param accuracy mean query accuracy of the model
   * @param ci95 half-width of its 95% confidence interval
   * @param baselineAccuracy the same for raw pixels
   * @param baselineCi95 half-width of the baseline's interval
   */
  public record Result(
      int ways,
      int shots,
      int episodes,
      double accuracy,
      double ci95,
      double baselineAccuracy,
      double baselineCi95) {}

  /**
   * Samples episodes from classes with at least {@code shots + queries} images.
   *
   * @throws IllegalArgumentException when fewer than {@code ways} classes qualify
   */
  public static List<Episode> sample(
      LabeledImages data, int ways, int shots, int queries, int count, long seed) {
    if (ways < 2 || shots < 1 || queries < 1 || count < 1) {
      throw new IllegalArgumentException(
          "episodes need at least 2 ways, 1 shot, 1 query and 1 episode; got "
              + ways
              + " ways, "
              + shots
              + " shots, "
              + queries
              + " queries, "
              + count
              + " episodes");
    }
    List<int[]> byClass = new ArrayList<>();
    List<Integer> classIds = new ArrayList<>();
    List<List<Integer>> indices = data.indicesByClass();
    for (int c = 0; c < indices.size(); c++) {
      if (indices.get(c).size() >= shots + queries) {
        byClass.add(indices.get(c).stream().mapToInt(Integer::intValue).toArray());
        classIds.add(c);
      }
    }
    if (byClass.size() < ways) {
      throw new IllegalArgumentException(
          ways
              + "-way episodes need "
              + ways
              + " classes with "
              + (shots + queries)
              + "+ images; "
              + data.source()
              + " has "
              + byClass.size());
    }
    Random rnd = new Random(seed);
    List<Episode> episodes = new ArrayList<>();
    for (int e = 0; e < count; e++) {
      int[] picked = Shuffle.sample(byClass.size(), ways, rnd);
      int[] classes = new int[ways];
      int[][] support = new int[ways][];
      int[][] query = new int[ways][];
      for (int w = 0; w < ways; w++) {
        int[] members = byClass.get(picked[w]);
        int[] chosen = Shuffle.sample(members.length, shots + queries, rnd);
        classes[w] = classIds.get(picked[w]);
        support[w] = new int[shots];
        query[w] = new int[queries];
        for (int s = 0; s < shots; s++) {
          support[w][s] = members[chosen[s]];
        }
        for (int q = 0; q < queries; q++) {
          query[w][q] = members[chosen[shots + q]];
        }
      }
      episodes.add(new Episode(classes, support, query));
    }
    return episodes;
  }

  /**
   * Runs the episodes with the model's embeddings (compared under {@code metric}) and with raw
   * pixels (Euclidean).
   */
  public static Result run(
      LabeledImages data,
      EmbeddingFunction model,
      Metric metric,
      int ways,
      int shots,
      int queries,
      int count,
      long seed) {
    List<Episode> episodes = sample(data, ways, shots, queries, count, seed);
    float[][] embedded = model.embed(data.images());
    double[] acc = accuracies(episodes, embedded, metric);
    double[] base = accuracies(episodes, data.images(), Metric.EUCLIDEAN);
    return new Result(ways, shots, episodes.size(), mean(acc), ci95(acc), mean(base), ci95(base));
  }

  /** Per-episode query accuracy, nearest prototype under {@code metric}. */
  static double[] accuracies(List<Episode> episodes, float[][] vectors, Metric metric) {
    double[] out = new double[episodes.size()];
    for (int e = 0; e < episodes.size(); e++) {
      Episode ep = episodes.get(e);
      int ways = ep.classes().length;
      float[][] prototypes = new float[ways][];
      for (int w = 0; w < ways; w++) {
        prototypes[w] = mean(vectors, ep.support()[w]);
      }
      int correct = 0;
      int total = 0;
      for (int w = 0; w < ways; w++) {
        for (int q : ep.queries()[w]) {
          int best = 0;
          double bestD = Double.POSITIVE_INFINITY;
          for (int p = 0; p < ways; p++) {
            double d = metric.between(vectors[q], prototypes[p]);
            if (d < bestD) {
              bestD = d;
              best = p;
            }
          }
          correct += best == w ? 1 : 0;
          total++;
        }
      }
      out[e] = (double) correct / total;
    }
    return out;
  }

  private static float[] mean(float[][] vectors, int[] idx) {
    float[] m = new float[vectors[idx[0]].length];
    for (int i : idx) {
      for (int j = 0; j < m.length; j++) {
        m[j] += vectors[i][j];
      }
    }
    for (int j = 0; j < m.length; j++) {
      m[j] /= idx.length;
    }
    return m;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? Double.NaN : s / v.length;
  }

  /** 1.96 standard errors of the mean. */
  static double ci95(double[] v) {
    if (v.length < 2) {
      return Double.NaN;
    }
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return 1.96 * Math.sqrt(ss / (v.length - 1)) / Math.sqrt(v.length);
  }
}
