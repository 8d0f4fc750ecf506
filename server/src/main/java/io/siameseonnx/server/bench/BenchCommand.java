package io.siameseonnx.server.bench;

import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.server.RuntimeArgs;
import io.siameseonnx.server.ServerConfig;
import io.siameseonnx.server.Units;
import io.siameseonnx.shared.io.AtomicFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code siamese-server bench}: raw ONNX Runtime against the server over loopback HTTP, on one
 * model (the newest version in {@code --model-repo}, by default the quickstart's {@code models/});
 * prints a table and writes JSON.
 */
@Command(
    name = "bench",
    subcommands = {io.siameseonnx.server.gallery.bench.GalleryBenchCommand.class},
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measures raw in-process ONNX Runtime (batch 1, 32 and max), the HTTP floor (a bare route in",
      "the same Jetty and Javalin set-up) and the server at several concurrencies and images a",
      "request, with v1 tensor JSON, v1 PNG, v2 binary tensors and gRPC: throughput, p50/p99",
      "latency, the server's CPU per request from the process CPU clock (HTTP load from wrk when",
      "installed, gRPC load from a process of its own) and resident memory; prints a table, checks",
      "the goals and writes JSON."
    })
public final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--model-repo",
      defaultValue = "${env:SIAMESE_MODEL_REPO:-models}",
      description =
          "Repository with the model to measure (its newest version). Env SIAMESE_MODEL_REPO. Default: ${DEFAULT-VALUE}")
  Path modelRepo;

  @Option(
      names = "--model-name",
      defaultValue = ServerConfig.DEFAULT_MODEL_NAME,
      description = "The model's folder in the repository. Default: ${DEFAULT-VALUE}")
  String modelName;

  @Option(
      names = "--duration",
      defaultValue = "5s",
      description = "Measured time of each scenario. Default: ${DEFAULT-VALUE}")
  String duration;

  @Option(
      names = "--warmup",
      defaultValue = "3s",
      description = "Unmeasured time before each scenario. Default: ${DEFAULT-VALUE}")
  String warmup;

  @Option(
      names = "--jit-warmup",
      defaultValue = "20s",
      description =
          "Unmeasured load before the first scenario of each request kind, so that the JIT has compiled its path (0: none). Default: ${DEFAULT-VALUE}")
  String jitWarmup;

  @Option(
      names = "--min-requests",
      defaultValue = "0",
      description =
          "Requests each scenario measures at the least; its window grows until they have finished (raw, the Java and gRPC loads; wrk's windows are fixed). Default: ${DEFAULT-VALUE}")
  long minRequests;

  @Option(
      names = "--concurrency",
      defaultValue = "1,8,64",
      split = ",",
      description = "HTTP client counts. Default: ${DEFAULT-VALUE}")
  List<Integer> concurrency;

  @Option(
      names = "--inputs",
      defaultValue = "tensor,png,binary,grpc",
      split = ",",
      description =
          "Request kinds: tensor and png (v1 JSON), binary (v2 binary tensors), grpc. Default: ${DEFAULT-VALUE}")
  List<String> inputs;

  @Option(
      names = "--images-per-request",
      defaultValue = "1,8,32",
      split = ",",
      description = "Images in one request, a scenario each. Default: ${DEFAULT-VALUE}")
  List<Integer> imagesPerRequest;

  @Option(
      names = "--floor",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Measure the HTTP floor (a bare route answering a fixed JSON); --no-floor skips it. Default: on")
  boolean floor;

  @Option(
      names = "--load",
      defaultValue = "auto",
      description =
          "HTTP load generator: auto (wrk when installed), wrk, java (threads in this process). Default: ${DEFAULT-VALUE}")
  String load;

  @Option(
      names = "--raw-pause",
      defaultValue = "0",
      description =
          "Also measure raw inference with this pause between calls (e.g. 300us), as at low load; 0: not. Default: ${DEFAULT-VALUE}")
  String rawPause;

  @Option(
      names = "--repeat",
      defaultValue = "1",
      description =
          "Measure every scenario this many times, in turn, and report each figure's median (for a noisy machine). Default: ${DEFAULT-VALUE}")
  int repeat;

  @Option(
      names = "--png-size",
      defaultValue = "32",
      description = "Width and height of the PNGs sent. Default: ${DEFAULT-VALUE}")
  int pngSize;

  @Option(
      names = "--out",
      defaultValue = "bench-results/server-bench.json",
      description = "Where to write the JSON report. Default: ${DEFAULT-VALUE}")
  Path out;

  @Mixin RuntimeArgs runtime;

  @Override
  public Integer call() throws Exception {
    BenchOptions options =
        new BenchOptions(
            modelRepo,
            modelName,
            runtime.runtime(),
            runtime.batching(),
            Units.duration(warmup),
            Units.duration(jitWarmup),
            Units.duration(duration),
            minRequests,
            concurrency,
            inputs,
            imagesPerRequest,
            pngSize,
            floor,
            load,
            Units.duration(rawPause),
            repeat);
    BenchReport report = new Benchmark(options).run();
    report.print(System.out);
    Path target = out.toAbsolutePath();
    AtomicFiles.write(target, ModelCards.mapper().writeValueAsBytes(report));
    System.out.println("wrote " + target);
    return 0;
  }
}
