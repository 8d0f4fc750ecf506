package io.siameseonnx.server.gallery.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.server.gallery.Gallery;
import io.siameseonnx.server.gallery.GallerySettings;
import io.siameseonnx.server.gallery.GalleryStore;
import io.siameseonnx.server.gallery.ModelStamp;
import io.siameseonnx.server.gallery.Neighbour;
import io.siameseonnx.server.gallery.NewExample;
import io.siameseonnx.server.gallery.VectorIndexOptions;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.io.AtomicFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark's second process: opens a gallery store as a server does at start-up, searches it
 * and reports times, latencies, results and its own memory. A separate process, so that its open
 * time is cold and its resident memory is the index's and a JVM's, not the benchmark's data.
 */
public final class GalleryProbe {
  private GalleryProbe() {}

  /** {@code GalleryProbe REQUEST.json RESULT.json}. */
  public static void main(String[] args) throws Exception {
    ObjectMapper json = ModelCards.mapper();
    ProbeRequest request = json.readValue(Path.of(args[0]).toFile(), ProbeRequest.class);
    ProbeResult result = run(request);
    AtomicFiles.write(Path.of(args[1]), json.writeValueAsBytes(result));
  }

  static ProbeResult run(ProbeRequest request) throws IOException {
    float[][] queries = readQueries(Path.of(request.queriesFile()), request.queries());
    long warm = System.nanoTime();
    loadClasses(request.options(), queries[0].length);
    double classLoadingMs = (System.nanoTime() - warm) / 1e6;
    long start = System.nanoTime();
    try (GalleryStore store = GalleryStore.open(Path.of(request.root()), request.options())) {
      Gallery gallery = store.gallery(request.gallery());
      double openMs = (System.nanoTime() - start) / 1e6;
      ProcessMemory afterOpen = ProcessMemory.now();
      ModelStamp model = gallery.model();
      int firstCandidates = request.candidates().get(0);
      long t0 = System.nanoTime();
      gallery.nearest(queries[0], model, request.k(), firstCandidates);
      double firstQueryMs = (System.nanoTime() - t0) / 1e6;
      for (int i = 0; i < request.warmup(); i++) {
        gallery.nearest(queries[1 + i % (queries.length - 1)], model, request.k(), firstCandidates);
      }
      List<ProbeResult.Pass> passes = new ArrayList<>();
      for (int candidates : request.candidates()) {
        passes.add(pass(gallery, model, queries, request.k(), candidates));
      }
      System.gc();
      Runtime rt = Runtime.getRuntime();
      double heapMb = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
      return new ProbeResult(
          classLoadingMs, openMs, firstQueryMs, afterOpen, ProcessMemory.now(), heapMb, passes);
    }
  }

  /**
   * Opens, fills and searches a throw-away gallery, so that the timed open measures the index and
   * not the JVM loading Lucene's classes (which a server pays once at start-up, gallery or not).
   */
  private static void loadClasses(VectorIndexOptions options, int dimension) throws IOException {
    Path scratch = Files.createTempDirectory("gallery-probe-");
    try (GalleryStore store = GalleryStore.open(scratch, options)) {
      ModelStamp model =
          new ModelStamp("warm-up", 1, "warm-up", dimension, Metric.EUCLIDEAN, 1, List.of(1));
      store.create("warm-up", GallerySettings.NONE, model);
      Gallery gallery = store.gallery("warm-up");
      float[] vector = new float[dimension];
      vector[0] = 1;
      gallery.add("s", model, List.of(new NewExample(new float[1], vector, Optional.empty())));
      gallery.nearest(vector, model, 1, 10);
    } finally {
      AtomicFiles.deleteRecursively(scratch);
    }
  }

  private static ProbeResult.Pass pass(
      Gallery gallery, ModelStamp model, float[][] queries, int k, int candidates) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] nanos = new long[queries.length];
    long[] cpu = new long[queries.length];
    int[][] found = new int[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      List<Neighbour> nearest = gallery.nearest(queries[q], model, k, candidates);
      nanos[q] = System.nanoTime() - t0;
      cpu[q] = threads.getCurrentThreadCpuTime() - c0;
      found[q] =
          nearest.stream().mapToInt(n -> Integer.parseInt(n.exampleId().substring(1))).toArray();
    }
    Arrays.sort(nanos);
    Arrays.sort(cpu);
    double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
    return new ProbeResult.Pass(
        candidates,
        quantile(nanos, 0.5),
        quantile(nanos, 0.99),
        mean,
        quantile(cpu, 0.5),
        quantile(cpu, 0.99),
        found);
  }

  /** The q-quantile (0..1) of sorted nanoseconds, in milliseconds. */
  static double quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  static void writeQueries(Path file, float[][] queries) throws IOException {
    int dimension = queries[0].length;
    ByteBuffer buffer =
        ByteBuffer.allocate(queries.length * dimension * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    for (float[] q : queries) {
      buffer.asFloatBuffer().put(q);
      buffer.position(buffer.position() + dimension * Float.BYTES);
    }
    AtomicFiles.write(file, buffer.array());
  }

  private static float[][] readQueries(Path file, int count) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int dimension = buffer.remaining() / Float.BYTES / count;
    float[][] queries = new float[count][dimension];
    for (float[] q : queries) {
      buffer.asFloatBuffer().get(q);
      buffer.position(buffer.position() + dimension * Float.BYTES);
    }
    return queries;
  }
}
