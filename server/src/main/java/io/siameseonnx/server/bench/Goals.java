package io.siameseonnx.server.bench;

import io.siameseonnx.server.batching.BatcherOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The goals, checked against one run's figures (each only where its scenarios ran). */
final class Goals {
  /** What a request may cost beyond the floor and inference, in CPU microseconds. */
  static final double CPU_SLACK_US = 40;

  /** What a request may take beyond the floor and raw batch-1 inference at concurrency 1. */
  static final double LATENCY_SLACK_MS = 0.15;

  /** Server CPU an image of binary tensors, 32 a request, against raw ONNX Runtime at batch 32. */
  static final double BINARY_RATIO = 1.25;

  /** Resident memory under the concurrency-64 load. */
  static final double RESIDENT_MB = 400;

  private Goals() {}

  static List<BenchReport.Goal> check(List<BenchReport.Result> results, BatcherOptions batching) {
    List<BenchReport.Goal> goals = new ArrayList<>();
    Optional<BenchReport.Result> rawMax = find(results, "raw", "-", 1, batching.maxBatchSize());
    Optional<BenchReport.Result> rawOne = find(results, "raw", "-", 1, 1);
    Optional<BenchReport.Result> raw32 = find(results, "raw", "-", 1, 32);
    for (String input : List.of("png", "tensor")) {
      Optional<BenchReport.Result> server = find(results, "server", input, 64, 1);
      Optional<BenchReport.Result> floor = find(results, "floor", input, 64, 1);
      if (server.isPresent() && floor.isPresent() && rawMax.isPresent()) {
        double target =
            floor.get().cpuMicrosPerRequest() + rawMax.get().cpuMicrosPerImage() + CPU_SLACK_US;
        goals.add(
            goal(
                input
                    + ", 1 image, concurrency 64: server CPU a request (<= floor + raw batch-"
                    + batching.maxBatchSize()
                    + " CPU an image + 40 us)",
                server.get().cpuMicrosPerRequest(),
                target,
                "us"));
      }
    }
    for (String input : List.of("binary", "grpc")) {
      // Concurrency 64 of 32-image requests overfills the queue (2,048 images): prefer 8, then 1.
      for (int concurrency : List.of(8, 1, 64)) {
        Optional<BenchReport.Result> server = find(results, "server", input, concurrency, 32);
        if (server.isPresent() && raw32.isPresent()) {
          goals.add(
              goal(
                  input
                      + ", 32 images a request, concurrency "
                      + concurrency
                      + ": server CPU an image (<= 1.25 x raw batch-32)",
                  server.get().cpuMicrosPerImage(),
                  BINARY_RATIO * raw32.get().cpuMicrosPerImage(),
                  "us"));
          break;
        }
      }
    }
    for (String input : List.of("png", "tensor", "binary")) {
      Optional<BenchReport.Result> server = find(results, "server", input, 1, 1);
      Optional<BenchReport.Result> floor = find(results, "floor", input, 1, 1);
      if (server.isPresent() && floor.isPresent() && rawOne.isPresent()) {
        goals.add(
            goal(
                input + ", concurrency 1: p50 (<= floor p50 + raw batch-1 p50 + 0.15 ms)",
                server.get().p50Ms(),
                floor.get().p50Ms() + rawOne.get().p50Ms() + LATENCY_SLACK_MS,
                "ms"));
      }
    }
    double resident = 0;
    for (BenchReport.Result r : results) {
      if (r.scenario().equals("server") && r.concurrency() == 64) {
        resident = Math.max(resident, r.residentMb());
      }
    }
    if (resident > 0) {
      goals.add(
          goal(
              "resident memory of the measuring process under concurrency 64 (the README's"
                  + " launch command is measured by server/bench-memory)",
              resident,
              RESIDENT_MB,
              "MB"));
    }
    return goals;
  }

  private static BenchReport.Goal goal(String what, double measured, double target, String unit) {
    return new BenchReport.Goal(what, measured, target, unit, measured <= target);
  }

  private static Optional<BenchReport.Result> find(
      List<BenchReport.Result> results, String scenario, String input, int concurrency, int n) {
    return results.stream()
        .filter(
            r ->
                r.scenario().equals(scenario)
                    && r.input().equals(input)
                    && r.concurrency() == concurrency
                    && r.imagesPerCall() == n)
        .findFirst();
  }
}
