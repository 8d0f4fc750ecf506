package io.siameseonnx.server.gallery.bench;

import java.util.List;

/**
 * What the probe process measured.
 *
 * @param classLoadingMs a throw-away gallery opened, filled and searched first, so that the JVM has
 *     loaded Lucene's classes (a server pays it once at start-up, gallery or not)
 * @param openMs then opening the store (all its galleries), its files cold
 * @param firstQueryMs the first search after opening
 * @param afterOpen memory right after opening
 * @param afterQueries memory after all passes (the index's pages searched are resident)
 * @param heapUsedMb Java heap in use after all passes (after a GC)
 * @param passes one a candidate count
 */
public record ProbeResult(
    double classLoadingMs,
    double openMs,
    double firstQueryMs,
    ProcessMemory afterOpen,
    ProcessMemory afterQueries,
    double heapUsedMb,
    List<Pass> passes) {

  /**
   * One pass over all queries.
   *
   * @param candidates examples the HNSW search explored
   * @param p50Ms median latency of a search (HNSW, then exact distances of the candidates)
   * @param p99Ms 99th percentile
   * @param meanMs mean
   * @param cpuP50Ms median CPU time of a search on its thread (unlike wall time, hardly moved by
   *     other processes on a busy machine)
   * @param cpuP99Ms 99th percentile CPU time
   * @param found each query's neighbours, as data vector numbers
   */
  public record Pass(
      int candidates,
      double p50Ms,
      double p99Ms,
      double meanMs,
      double cpuP50Ms,
      double cpuP99Ms,
      int[][] found) {}
}
