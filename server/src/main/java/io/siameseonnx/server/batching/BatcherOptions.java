package io.siameseonnx.server.batching;

import java.time.Duration;

/**
 * The dynamic batcher's settings, named after Triton's.
 *
 * @param maxBatchSize the most images in one ONNX Runtime call
 * @param maxQueueDelay how long the oldest queued image may wait for the batch to fill while more
 *     images are known to be on their way (zero: never wait)
 * @param queueCapacity the most images admitted and not yet in a batch; beyond it requests are
 *     refused with 429
 * @param instances the most batches run at once, each on a thread of its own (Triton's instance
 *     count): with one ONNX Runtime thread an operator, one a core keeps every core busy without
 *     ONNX Runtime's threads waking each other
 */
public record BatcherOptions(
    int maxBatchSize, Duration maxQueueDelay, int queueCapacity, int instances) {
  /** Checks the values. */
  public BatcherOptions {
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be at least 1");
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("max batch size must be at least 1");
    }
    if (maxQueueDelay.isNegative()) {
      throw new IllegalArgumentException("max queue delay must not be negative");
    }
    if (queueCapacity < maxBatchSize) {
      throw new IllegalArgumentException(
          "queue capacity ("
              + queueCapacity
              + ") must be at least the max batch size ("
              + maxBatchSize
              + ")");
    }
  }

  /** One instance: one batch at a time. */
  public BatcherOptions(int maxBatchSize, Duration maxQueueDelay, int queueCapacity) {
    this(maxBatchSize, maxQueueDelay, queueCapacity, 1);
  }

  /**
   * Batch 64, 8 ms delay, 1024 images queued, one instance a core. The delay only bounds a wait:
   * the first free instance waits just for images still being decoded, the others for a full batch,
   * and a lone request not at all. Against 2 ms, the other instances started fewer small batches: a
   * PNG request at concurrency 64 cost 12-17 us less CPU, with a lower p50 (the README's seventh
   * round).
   */
  public static BatcherOptions defaults() {
    return new BatcherOptions(
        64, Duration.ofMillis(8), 1024, Runtime.getRuntime().availableProcessors());
  }

  /** A copy with {@code count} instances. */
  public BatcherOptions withInstances(int count) {
    return new BatcherOptions(maxBatchSize, maxQueueDelay, queueCapacity, count);
  }
}
