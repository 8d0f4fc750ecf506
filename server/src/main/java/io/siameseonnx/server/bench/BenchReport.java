package io.siameseonnx.server.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark run: where it ran, on what, each scenario's figures and the goals checked against
 * them. Written as JSON and printed as a table.
 *
 * @param environment machine and software
 * @param model the model measured
 * @param settings the server and load settings
 * @param results one row a scenario
 * @param goals the goals, checked
 */
public record BenchReport(
    Environment environment,
    ModelSummary model,
    Settings settings,
    List<Result> results,
    List<Goal> goals) {

  /**
   * Machine and software.
   *
   * @param cores available processors
   * @param java Java version
   * @param os operating system
   * @param onnxRuntime ONNX Runtime version
   * @param device where the model ran
   */
  public record Environment(int cores, String java, String os, String onnxRuntime, String device) {}

  /**
   * The model measured.
   *
   * @param source the model file
   * @param version its version
   * @param architecture the card's architecture
   * @param inputShape C, H, W
   * @param dimension embedding length
   */
  public record ModelSummary(
      String source, long version, String architecture, List<Integer> inputShape, int dimension) {}

  /**
   * Server and load settings.
   *
   * @param intraOpThreads ONNX Runtime intra-op threads
   * @param ortSpinning whether ONNX Runtime threads spin
   * @param maxBatchSize the batcher's max batch
   * @param maxQueueDelayMicros the batcher's max queue delay
   * @param warmupSeconds unmeasured seconds before each scenario
   * @param durationSeconds measured seconds of each scenario
   * @param pngSize the PNGs' width and height
   * @param pngBytes mean PNG size in bytes
   * @param tensorBodyBytes mean JSON body size of a tensor request
   * @param pngBodyBytes mean JSON body size of a PNG request
   */
  public record Settings(
      int intraOpThreads,
      boolean ortSpinning,
      int maxBatchSize,
      long maxQueueDelayMicros,
      double warmupSeconds,
      double durationSeconds,
      int pngSize,
      int pngBytes,
      int tensorBodyBytes,
      int pngBodyBytes) {}

  /**
   * One scenario.
   *
   * @param scenario {@code raw} (in-process ONNX Runtime) or {@code http}
   * @param input {@code tensor} or {@code png} for HTTP, {@code -} for raw
   * @param concurrency clients (1 for raw)
   * @param imagesPerCall images per ONNX Runtime call (raw) or per HTTP request
   * @param imagesPerSecond throughput
   * @param p50Ms median latency of a call or request
   * @param p99Ms 99th percentile latency
   * @param calls calls or requests measured
   * @param errors non-200 responses
   * @param meanBatch mean images per ONNX Runtime call in the server (raw: the batch)
   * @param processCores CPU cores the whole process (server and load generator) kept busy
   * @param clientCpuShare the share of that CPU time spent by the load generator's threads
   * @param inferenceBusy the share of the time the server's inference thread spent in ONNX Runtime
   *     (near 1: inference is the bottleneck; lower: batches wait for requests)
   */
  public record Result(
      String scenario,
      String input,
      int concurrency,
      int imagesPerCall,
      double imagesPerSecond,
      double p50Ms,
      double p99Ms,
      long calls,
      long errors,
      double meanBatch,
      double processCores,
      double clientCpuShare,
      double inferenceBusy) {}

  /**
   * A goal of the issue.
   *
   * @param goal what is checked
   * @param measured the measured value
   * @param target the threshold
   * @param unit what the values are
   * @param met whether it was met
   */
  public record Goal(String goal, double measured, double target, String unit, boolean met) {}

  /** Prints the table and the goals. */
  public void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "siamese-server bench: %s v%d (%s, %d-d), %s, %d cores, ONNX Runtime %s, intra-op %d, max batch %d, queue delay %d us%n",
        model.source(),
        model.version(),
        model.architecture(),
        model.dimension(),
        environment.device(),
        environment.cores(),
        environment.onnxRuntime(),
        settings.intraOpThreads(),
        settings.maxBatchSize(),
        settings.maxQueueDelayMicros());
    out.printf(
        Locale.ROOT,
        "%-8s %-7s %5s %8s %11s %9s %9s %9s %7s %8s%n",
        "scenario",
        "input",
        "conc",
        "img/call",
        "images/s",
        "p50 ms",
        "p99 ms",
        "calls",
        "errors",
        "batch");
    for (Result r : results) {
      out.printf(
          Locale.ROOT,
          "%-8s %-7s %5d %8d %11.1f %9.3f %9.3f %9d %7d %8.1f %6.2f %6.0f%% %5.0f%%%n",
          r.scenario(),
          r.input(),
          r.concurrency(),
          r.imagesPerCall(),
          r.imagesPerSecond(),
          r.p50Ms(),
          r.p99Ms(),
          r.calls(),
          r.errors(),
          r.meanBatch(),
          r.processCores(),
          100 * r.clientCpuShare(),
          100 * r.inferenceBusy());
    }
    for (Goal g : goals) {
      out.printf(
          Locale.ROOT,
          "[%s] %s: %.2f %s (goal %.2f)%n",
          g.met() ? "PASS" : "MISS",
          g.goal(),
          g.measured(),
          g.unit(),
          g.target());
    }
  }
}
