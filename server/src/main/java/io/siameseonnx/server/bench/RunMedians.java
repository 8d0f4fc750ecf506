package io.siameseonnx.server.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The median of each figure of a scenario over several runs of the benchmark: on a noisy machine
 * one disturbed window moves a mean, not a median. Each figure is taken on its own (the median CPU
 * and the median p50 may come from different runs); scenarios keep the first run's order.
 */
final class RunMedians {
  private RunMedians() {}

  /** Each scenario's medians over {@code runs}; one run is returned as it is. */
  static List<BenchReport.Result> of(List<List<BenchReport.Result>> runs) {
    if (runs.size() == 1) {
      return runs.get(0);
    }
    Map<String, List<BenchReport.Result>> byScenario = new LinkedHashMap<>();
    for (List<BenchReport.Result> run : runs) {
      for (BenchReport.Result r : run) {
        byScenario.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r);
      }
    }
    List<BenchReport.Result> medians = new ArrayList<>();
    for (List<BenchReport.Result> same : byScenario.values()) {
      BenchReport.Result first = same.get(0);
      medians.add(
          new BenchReport.Result(
              first.scenario(),
              first.input(),
              first.concurrency(),
              first.imagesPerCall(),
              median(same, BenchReport.Result::imagesPerSecond),
              median(same, BenchReport.Result::p50Ms),
              median(same, BenchReport.Result::p99Ms),
              Math.round(median(same, BenchReport.Result::calls)),
              Math.round(median(same, BenchReport.Result::errors)),
              median(same, BenchReport.Result::meanBatch),
              median(same, BenchReport.Result::serverCores),
              median(same, BenchReport.Result::cpuMicrosPerRequest),
              median(same, BenchReport.Result::cpuMicrosPerImage),
              median(same, BenchReport.Result::jitMicrosPerRequest),
              median(same, BenchReport.Result::inferenceBusy),
              median(same, BenchReport.Result::residentMb),
              first.load()));
    }
    return medians;
  }

  private static String key(BenchReport.Result r) {
    return r.scenario() + "/" + r.input() + "/" + r.concurrency() + "/" + r.imagesPerCall();
  }

  private static double median(
      List<BenchReport.Result> results, ToDoubleFunction<BenchReport.Result> figure) {
    return median(results.stream().mapToDouble(figure).toArray());
  }

  /** The median of the finite values (NaN when there are none). */
  static double median(double[] values) {
    double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
