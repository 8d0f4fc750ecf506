package io.siameseonnx.server.gallery.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exact k-nearest neighbours by Euclidean distance: a brute-force scan over every vector, the
 * ground truth that recall is measured against. Queries are scanned in blocks (each data vector is
 * read once a block) on several threads.
 */
public final class ExactSearch {
  private static final int BLOCK = 8;

  private ExactSearch() {}

  /**
   * For each query, the indexes of its {@code k} nearest vectors in {@code data}, nearest first.
   */
  public static int[][] nearest(float[][] data, float[][] queries, int k, int threads)
      throws Exception {
    int[][] result = new int[queries.length][];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int from = 0; from < queries.length; from += BLOCK) {
        int start = from;
        int end = Math.min(queries.length, from + BLOCK);
        done.add(pool.submit(() -> scanBlock(data, queries, start, end, k, result)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return result;
  }

  private static void scanBlock(
      float[][] data, float[][] queries, int start, int end, int k, int[][] result) {
    int n = end - start;
    TopK[] tops = new TopK[n];
    for (int q = 0; q < n; q++) {
      tops[q] = new TopK(k);
    }
    for (int i = 0; i < data.length; i++) {
      float[] v = data[i];
      for (int q = 0; q < n; q++) {
        float[] query = queries[start + q];
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int d = 0;
        for (; d + 3 < v.length; d += 4) {
          float a = v[d] - query[d];
          float b = v[d + 1] - query[d + 1];
          float c = v[d + 2] - query[d + 2];
          float e = v[d + 3] - query[d + 3];
          s0 += a * a;
          s1 += b * b;
          s2 += c * c;
          s3 += e * e;
        }
        for (; d < v.length; d++) {
          float a = v[d] - query[d];
          s0 += a * a;
        }
        tops[q].offer(i, s0 + s1 + s2 + s3);
      }
    }
    for (int q = 0; q < n; q++) {
      result[start + q] = tops[q].sorted();
    }
  }

  /** The k smallest distances seen, as a bounded max-heap. */
  private static final class TopK {
    private final int[] ids;
    private final float[] distances;
    private int size;

    TopK(int k) {
      ids = new int[k];
      distances = new float[k];
    }

    void offer(int id, float distance) {
      if (size < ids.length) {
        ids[size] = id;
        distances[size] = distance;
        size++;
        siftUp(size - 1);
      } else if (distance < distances[0]) {
        ids[0] = id;
        distances[0] = distance;
        siftDown(0);
      }
    }

    int[] sorted() {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(
          order,
          (a, b) -> {
            int c = Float.compare(distances[a], distances[b]);
            return c != 0 ? c : Integer.compare(ids[a], ids[b]);
          });
      int[] out = new int[size];
      for (int i = 0; i < size; i++) {
        out[i] = ids[order[i]];
      }
      return out;
    }

    private void siftUp(int i) {
      while (i > 0) {
        int parent = (i - 1) / 2;
        if (distances[parent] >= distances[i]) {
          return;
        }
        swap(i, parent);
        i = parent;
      }
    }

    private void siftDown(int i) {
      while (true) {
        int left = 2 * i + 1;
        int largest = i;
        if (left < size && distances[left] > distances[largest]) {
          largest = left;
        }
        if (left + 1 < size && distances[left + 1] > distances[largest]) {
          largest = left + 1;
        }
        if (largest == i) {
          return;
        }
        swap(i, largest);
        i = largest;
      }
    }

    private void swap(int a, int b) {
      int id = ids[a];
      ids[a] = ids[b];
      ids[b] = id;
      float d = distances[a];
      distances[a] = distances[b];
      distances[b] = d;
    }
  }

  /** The share of the exact neighbours that {@code found} holds, over all queries. */
  public static double recall(int[][] exact, int[][] found) {
    long hits = 0;
    long total = 0;
    for (int q = 0; q < exact.length; q++) {
      int[] truth = exact[q].clone();
      Arrays.sort(truth);
      for (int id : found[q]) {
        if (Arrays.binarySearch(truth, id) >= 0) {
          hits++;
        }
      }
      total += truth.length;
    }
    return total == 0 ? 1 : (double) hits / total;
  }
}
