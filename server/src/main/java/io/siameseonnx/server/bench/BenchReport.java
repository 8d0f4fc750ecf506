package io.siameseonnx.server.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark run: where it ran, on what, each scenario's figures and the goals checked against
 * them. Written as JSON and printed as a table.
 *
 * @param environment machine and software
 * @param model the model measured
 * @param settings the server and load settings
 * @param results one row a scenario: with several runs, each figure's median over them
 * @param goals the goals, checked against {@code results}
 * @param runs every run's rows, in the order measured (one run: {@code results} itself)
 */
public record BenchReport(
    Environment environment,
    ModelSummary model,
    Settings settings,
    List<Result> results,
    List<Goal> goals,
    List<List<Result>> runs) {

  /**
   * Machine and software.
   *
   * @param cores available processors
   * @param java Java version
   * @param os operating system
   * @param onnxRuntime ONNX Runtime version
   * @param device where the model ran
   * @param collector the measuring process's garbage collectors
   */
  public record Environment(
      int cores, String java, String os, String onnxRuntime, String device, String collector) {}

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
   * @param instances the most batches the server runs at once
   * @param maxBatchSize the batcher's max batch
   * @param maxQueueDelayMicros the batcher's max queue delay
   * @param warmupSeconds unmeasured seconds before each scenario
   * @param durationSeconds measured seconds of each scenario
   * @param pngSize the PNGs' width and height
   * @param pngBytes mean PNG size in bytes
   * @param bodyBytes mean body size of a one-image request, by input
   * @param httpLoad the HTTP load generator
   * @param maxHeapMb the measuring process's maximum heap
   */
  public record Settings(
      int intraOpThreads,
      boolean ortSpinning,
      int instances,
      int maxBatchSize,
      long maxQueueDelayMicros,
      double warmupSeconds,
      double durationSeconds,
      int pngSize,
      int pngBytes,
      Map<String, Integer> bodyBytes,
      String httpLoad,
      long maxHeapMb) {}

  /**
   * One scenario.
   *
   * @param scenario {@code raw} (in-process ONNX Runtime), {@code floor} (a bare Javalin route),
   *     {@code core} (the same on Jetty's core API, no servlet layer) or {@code server}
   * @param input {@code tensor}, {@code png}, {@code binary} or {@code grpc}; {@code -} for raw
   * @param concurrency clients (1 for raw)
   * @param imagesPerCall images per ONNX Runtime call (raw) or per request
   * @param imagesPerSecond throughput
   * @param p50Ms median latency of a call or request
   * @param p99Ms 99th percentile latency
   * @param calls calls or requests measured
   * @param errors non-200 responses and failed requests
   * @param meanBatch mean images per ONNX Runtime call in the server (raw: the batch)
   * @param serverCores CPU cores the serving process kept busy (load generator excluded)
   * @param cpuMicrosPerRequest the serving process's CPU time per request (raw: per call)
   * @param cpuMicrosPerImage the same per image
   * @param jitMicrosPerRequest of {@code cpuMicrosPerRequest}, the JIT compiler's (still compiling
   *     when it is more than a few microseconds)
   * @param inferenceBusy the share of the time the server's inference thread spent in ONNX Runtime
   * @param residentMb the measuring process's resident memory after the scenario
   * @param load the load generator
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
      double serverCores,
      double cpuMicrosPerRequest,
      double cpuMicrosPerImage,
      double jitMicrosPerRequest,
      double inferenceBusy,
      double residentMb,
      String load) {}

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
        "siamese-server bench: %s v%d (%s, %d-d), %s, %d cores, ONNX Runtime %s, intra-op %d,"
            + " instances %d, max batch %d, queue delay %d us, HTTP load: %s; JVM heap up to %d MB, %s%n",
        model.source(),
        model.version(),
        model.architecture(),
        model.dimension(),
        environment.device(),
        environment.cores(),
        environment.onnxRuntime(),
        settings.intraOpThreads(),
        settings.instances(),
        settings.maxBatchSize(),
        settings.maxQueueDelayMicros(),
        settings.httpLoad(),
        settings.maxHeapMb(),
        environment.collector());
    if (runs.size() > 1) {
      out.printf(Locale.ROOT, "each figure: the median of %d runs%n", runs.size());
    }
    out.printf(
        Locale.ROOT,
        "%-7s %-7s %5s %5s %10s %8s %8s %8s %6s %6s %6s %9s %8s %7s %6s%n",
        "what",
        "input",
        "conc",
        "img/r",
        "images/s",
        "p50 ms",
        "p99 ms",
        "calls",
        "errors",
        "batch",
        "cores",
        "cpu us/r",
        "us/img",
        "jit us/r",
        "RSS MB");
    for (Result r : results) {
      out.printf(
          Locale.ROOT,
          "%-7s %-7s %5d %5d %10.1f %8.3f %8.3f %8d %6d %6.1f %6.2f %9.1f %8.1f %8.1f %6.0f%n",
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
          r.serverCores(),
          r.cpuMicrosPerRequest(),
          r.cpuMicrosPerImage(),
          r.jitMicrosPerRequest(),
          r.residentMb());
    }
    for (Goal g : goals) {
      out.printf(
          Locale.ROOT,
          "[%s] %s: %.3f %s (goal <= %.3f)%n",
          g.met() ? "MET " : "MISS",
          g.goal(),
          g.measured(),
          g.unit(),
          g.target());
    }
  }
}
