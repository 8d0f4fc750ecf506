package io.siameseonnx.server.bench;

import io.siameseonnx.server.batching.BatcherOptions;
import io.siameseonnx.server.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a benchmark run measures and how.
 *
 * @param modelRepo the repository whose model (its newest version) is measured
 * @param modelName the model's folder in the repository
 * @param runtime ONNX Runtime options (raw and server alike)
 * @param batching the server's batcher settings
 * @param warmup unmeasured time before each scenario
 * @param duration measured time of each scenario
 * @param concurrency client counts for the HTTP scenarios
 * @param inputs {@code tensor} and/or {@code png}
 * @param imagesPerRequest images in one HTTP request
 * @param pngSize width and height of the generated PNGs
 */
public record BenchOptions(
    Path modelRepo,
    String modelName,
    RuntimeOptions runtime,
    BatcherOptions batching,
    Duration warmup,
    Duration duration,
    List<Integer> concurrency,
    List<String> inputs,
    int imagesPerRequest,
    int pngSize) {

  /** Checks the values. */
  public BenchOptions {
    concurrency = List.copyOf(concurrency);
    inputs = List.copyOf(inputs);
    for (String input : inputs) {
      if (!input.equals("tensor") && !input.equals("png")) {
        throw new IllegalArgumentException("inputs are tensor and png, got " + input);
      }
    }
    if (concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c < 1)) {
      throw new IllegalArgumentException("concurrency levels must be positive");
    }
    if (imagesPerRequest < 1 || pngSize < 1 || duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(
          "images per request, PNG size and duration must be positive");
    }
  }
}
