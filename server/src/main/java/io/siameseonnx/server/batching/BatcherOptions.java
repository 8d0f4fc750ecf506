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
 */
public record BatcherOptions(int maxBatchSize, Duration maxQueueDelay, int queueCapacity) {
  /** Checks the values. */
  public BatcherOptions {
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

  /** Batch 64, 2 ms delay, 1024 images queued. */
  public static BatcherOptions defaults() {
    return new BatcherOptions(64, Duration.ofMillis(2), 1024);
  }
}
