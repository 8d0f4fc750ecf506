package io.siameseonnx.server.gallery.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * A gallery benchmark run: where it ran, on what data, each configuration's build, open, memory and
 * search figures, and the goals checked against them. Written as JSON and printed as a
 * table.
 *
 * @param environment machine and software
 * @param data the vectors and queries
 * @param exactSearchSeconds the brute-force scan for the recall ground truth
 * @param configs one a configuration
 * @param online enrolment through ordinary (group-committed) adds ({@code threads} 0: not measured)
 * @param goals the goals, checked for each configuration
 */
public record GalleryBenchReport(
    Environment environment,
    Data data,
    double exactSearchSeconds,
    List<ConfigResult> configs,
    Online online,
    List<Goal> goals) {

  /**
   * Machine and software.
   *
   * @param cores available processors
   * @param java Java version
   * @param os operating system
   * @param lucene Lucene version
   * @param loadBefore the 1-minute load average when the run began (other work on the machine)
   * @param loadAfter the 1-minute load average when it ended
   * @param probeJvmArgs the probe process's JVM options
   * @param pageCacheDropped whether the index files were dropped from the page cache before each
   *     open (per file; Linux)
   */
  public record Environment(
      int cores,
      String java,
      String os,
      String lucene,
      double loadBefore,
      double loadAfter,
      List<String> probeJvmArgs,
      boolean pageCacheDropped) {}

  /**
   * The data.
   *
   * @param vectors data vectors (examples)
   * @param dimension their dimension
   * @param clusters subjects (cluster centres)
   * @param spread expected length of the noise around a centre (unit vectors)
   * @param tensorFloats floats of the stored input tensor of each example
   * @param queries queries timed
   * @param recallQueries of them, those whose recall is measured
   * @param k neighbours a query
   * @param seed the generator's seed
   */
  public record Data(
      long vectors,
      int dimension,
      int clusters,
      double spread,
      int tensorFloats,
      int queries,
      int recallQueries,
      int k,
      long seed) {}

  /**
   * One configuration.
   *
   * @param name its name
   * @param spec its settings, as given
   * @param threads indexing threads
   * @param maxConn HNSW maxConn
   * @param beamWidth HNSW beam width
   * @param quantization none, int8 or int4
   * @param mergeWorkers concurrent HNSW merge workers
   * @param ramBufferMb indexing buffer while loading
   * @param mergeWhileLoading whether Lucene merged during the load
   * @param forceMerge whether the index was merged into one segment afterwards
   * @param searchThreads threads searching segments in parallel
   * @param indexSeconds loading, up to the last example indexed
   * @param commitSeconds the final flush and commit
   * @param mergeSeconds the force merge
   * @param loadCpuSeconds CPU time of the whole process while loading and committing
   * @param mergeCpuSeconds CPU time of the force merge
   * @param cpuMsPerExample CPU milliseconds an example, merge included: unlike the rates, hardly
   *     moved by other processes on a busy machine; 2 cores give at most 2000 / it examples/s
   * @param indexRate examples a second, loading and committing
   * @param totalRate examples a second, force merge included
   * @param segments segments afterwards
   * @param diskMb the gallery's size on disk
   * @param pageCacheMbAtOpen the index's bytes in the page cache when the probe opened it
   * @param classLoadingMs in the fresh probe process, loading Lucene's classes (a throw-away
   *     gallery opened and searched) before the timed open
   * @param openMs then opening the store, its files dropped from the page cache
   * @param firstQueryMs the first search after opening
   * @param afterOpen the probe's memory after opening
   * @param afterQueries the probe's memory after all searches
   * @param heapUsedMb the probe's heap in use after all searches
   * @param searches one row a candidate count
   */
  public record ConfigResult(
      String name,
      String spec,
      int threads,
      int maxConn,
      int beamWidth,
      String quantization,
      int mergeWorkers,
      double ramBufferMb,
      boolean mergeWhileLoading,
      boolean forceMerge,
      int searchThreads,
      double indexSeconds,
      double commitSeconds,
      double mergeSeconds,
      double loadCpuSeconds,
      double mergeCpuSeconds,
      double cpuMsPerExample,
      double indexRate,
      double totalRate,
      int segments,
      double diskMb,
      double pageCacheMbAtOpen,
      double classLoadingMs,
      double openMs,
      double firstQueryMs,
      ProcessMemory afterOpen,
      ProcessMemory afterQueries,
      double heapUsedMb,
      List<SearchRow> searches) {}

  /**
   * Searches at one candidate count.
   *
   * @param candidates examples the HNSW search explored
   * @param p50Ms median latency
   * @param p99Ms 99th percentile latency
   * @param meanMs mean latency
   * @param cpuP50Ms median CPU time of a search
   * @param cpuP99Ms 99th percentile CPU time of a search
   * @param recall recall@k against the exact scan
   */
  public record SearchRow(
      int candidates,
      double p50Ms,
      double p99Ms,
      double meanMs,
      double cpuP50Ms,
      double cpuP99Ms,
      double recall) {}

  /**
   * Enrolment by ordinary adds (one example each, each acknowledged after its group commit).
   *
   * @param threads concurrent callers
   * @param seconds measured time
   * @param examples examples enrolled
   * @param examplesPerSecond throughput
   * @param p50Ms median latency of an add
   * @param p99Ms 99th percentile
   */
  public record Online(
      int threads,
      double seconds,
      long examples,
      double examplesPerSecond,
      double p50Ms,
      double p99Ms) {}

  /**
   * A goal checked for one configuration.
   *
   * @param config the configuration
   * @param goal what is checked
   * @param measured the measured value
   * @param target the threshold
   * @param unit what the values are
   * @param met whether it was met
   */
  public record Goal(
      String config, String goal, double measured, double target, String unit, boolean met) {}

  /** Prints the tables and the goals. */
  public void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "siamese-server bench gallery: %,d x %d-d clustered unit vectors (%,d clusters, spread %.2f,"
            + " %d-float tensors), %d queries (recall on %d), k=%d; %d cores, %s, Lucene %s,"
            + " load %.1f -> %.1f; exact scan %.1f s%n",
        data.vectors(),
        data.dimension(),
        data.clusters(),
        data.spread(),
        data.tensorFloats(),
        data.queries(),
        data.recallQueries(),
        data.k(),
        environment.cores(),
        environment.java(),
        environment.lucene(),
        environment.loadBefore(),
        environment.loadAfter(),
        exactSearchSeconds);
    out.printf(
        Locale.ROOT,
        "%-20s %3s %3s %4s %5s %3s %8s %8s %8s %7s %4s %7s %6s %7s %7s %6s %6s | %5s %7s %7s %8s %7s%n",
        "config",
        "thr",
        "M",
        "beam",
        "quant",
        "mw",
        "index/s",
        "total/s",
        "merge s",
        "cpu ms",
        "segs",
        "disk MB",
        "cls ms",
        "open ms",
        "1st ms",
        "RSS MB",
        "anon",
        "cand",
        "p50 ms",
        "p99 ms",
        "cpu p99",
        "recall");
    for (ConfigResult c : configs) {
      boolean first = true;
      for (SearchRow s : c.searches()) {
        if (first) {
          out.printf(
              Locale.ROOT,
              "%-20s %3d %3d %4d %5s %3d %8.0f %8.0f %8.1f %7.2f %4d %7.0f %6.0f %7.0f %7.1f %6.0f %6.0f",
              c.name(),
              c.threads(),
              c.maxConn(),
              c.beamWidth(),
              c.quantization(),
              c.mergeWorkers(),
              c.indexRate(),
              c.totalRate(),
              c.mergeSeconds(),
              c.cpuMsPerExample(),
              c.segments(),
              c.diskMb(),
              c.classLoadingMs(),
              c.openMs(),
              c.firstQueryMs(),
              c.afterQueries().rssMb(),
              c.afterQueries().anonMb());
        } else {
          out.printf(Locale.ROOT, "%-148s", "");
        }
        out.printf(
            Locale.ROOT,
            " | %5d %7.2f %7.2f %8.2f %7.4f%n",
            s.candidates(),
            s.p50Ms(),
            s.p99Ms(),
            s.cpuP99Ms(),
            s.recall());
        first = false;
      }
    }
    if (online.threads() > 0) {
      Online o = online;
      out.printf(
          Locale.ROOT,
          "online enrolment (%d threads, one example an add, group commits): %.0f examples/s,"
              + " p50 %.1f ms, p99 %.1f ms%n",
          o.threads(),
          o.examplesPerSecond(),
          o.p50Ms(),
          o.p99Ms());
    }
    for (Goal g : goals) {
      out.printf(
          Locale.ROOT,
          "[%s] %s: %s: %.2f %s (goal %.2f)%n",
          g.met() ? "PASS" : "MISS",
          g.config(),
          g.goal(),
          g.measured(),
          g.unit(),
          g.target());
    }
  }
}
