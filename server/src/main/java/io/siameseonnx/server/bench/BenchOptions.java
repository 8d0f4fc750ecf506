package io.siameseonnx.server.bench;

import io.siameseonnx.server.batching.BatcherOptions;
import io.siameseonnx.server.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a benchmark run measures and how.
 *
 * @param modelRepo the repository whose model (its newest version) is measured
 * @param modelName the model's folder in the repository
 * @param runtime ONNX Runtime options (raw and server alike)
 * @param batching the server's batcher settings
 * @param warmup unmeasured time before each scenario
 * @param jitWarmup unmeasured load before the first scenario of each request kind (floor and
 *     server), at the highest concurrency with one image a request, so that the scenarios measure
 *     compiled code: on 2 cores the JIT compiler still took a fifth of the CPU 8 s into a load
 * @param duration measured time of each scenario (at least)
 * @param minRequests requests (raw: calls) each scenario measures at the least: its window is
 *     extended until they have finished, so that a busy machine measures longer rather than nothing
 *     (the Java and gRPC loads and raw inference; wrk's windows are fixed)
 * @param concurrency client counts for the server scenarios
 * @param inputs request kinds: {@code tensor} and {@code png} (v1 JSON), {@code binary} (v2 with
 *     binary tensors), {@code grpc} (raw contents)
 * @param imagesPerRequest images in one request, one scenario each
 * @param pngSize width and height of the generated PNGs
 * @param floor whether to measure the HTTP floor (a bare route in the same Jetty and Javalin)
 * @param load the HTTP load generator: {@code auto} (wrk when installed), {@code wrk} or {@code
 *     java} (threads in this process, whose CPU is subtracted from the server's)
 * @param rawPause when positive, raw inference is measured a second time with this pause between
 *     calls, as a server at low load has between requests: ONNX Runtime's threads fall asleep in
 *     it, and a call after a pause costs more than one of a back-to-back loop
 * @param repeat how many times every scenario is measured, in turn (raw, floors, server, then
 *     again): each figure reported is the median of its runs, so that one disturbed window on a
 *     noisy machine does not decide a goal
 */
public record BenchOptions(
    Path modelRepo,
    String modelName,
    RuntimeOptions runtime,
    BatcherOptions batching,
    Duration warmup,
    Duration jitWarmup,
    Duration duration,
    long minRequests,
    List<Integer> concurrency,
    List<String> inputs,
    List<Integer> imagesPerRequest,
    int pngSize,
    boolean floor,
    String load,
    Duration rawPause,
    int repeat) {

  /** The request kinds. */
  public static final Set<String> INPUTS = Set.of("tensor", "png", "binary", "grpc");

  /** Checks the values. */
  public BenchOptions {
    concurrency = List.copyOf(concurrency);
    inputs = List.copyOf(inputs);
    imagesPerRequest = List.copyOf(imagesPerRequest);
    for (String input : inputs) {
      if (!INPUTS.contains(input)) {
        throw new IllegalArgumentException("inputs are " + INPUTS + ", got " + input);
      }
    }
    if (!Set.of("auto", "wrk", "java").contains(load)) {
      throw new IllegalArgumentException("load is auto, wrk or java, got " + load);
    }
    if (concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c < 1)) {
      throw new IllegalArgumentException("concurrency levels must be positive");
    }
    if (imagesPerRequest.isEmpty()
        || imagesPerRequest.stream().anyMatch(n -> n < 1)
        || pngSize < 1
        || duration.isZero()
        || duration.isNegative()) {
      throw new IllegalArgumentException(
          "images per request, PNG size and duration must be positive");
    }
    if (rawPause.isNegative()) {
      throw new IllegalArgumentException("the raw pause must not be negative");
    }
    if (repeat < 1) {
      throw new IllegalArgumentException("repeat must be at least 1");
    }
    if (minRequests < 0) {
      throw new IllegalArgumentException("the least number of requests must not be negative");
    }
  }
}
