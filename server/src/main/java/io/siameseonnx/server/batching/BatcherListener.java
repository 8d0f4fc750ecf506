package io.siameseonnx.server.batching;

/** Receives the batcher's events, for metrics. Called on the batcher's thread: keep it cheap. */
public interface BatcherListener {
  /**
   * One model call finished.
   *
   * @param size items in the batch
   * @param queueWaitNanos how long the batch's oldest item waited in the queue
   * @param inferenceNanos how long the call took
   * @param failed whether the call failed
   */
  void onBatch(int size, long queueWaitNanos, long inferenceNanos, boolean failed);

  /** A request was refused because the queue was full. */
  void onRejected(int images);

  /** Queued items were dropped without being run: their request had timed out or gone. */
  default void onExpired(int items) {}

  /** Items whose output held NaN or an infinity: their requests failed instead of answering. */
  default void onNonFinite(int items) {}

  /** A listener that ignores everything. */
  BatcherListener NONE =
      new BatcherListener() {
        @Override
        public void onBatch(int size, long queueWaitNanos, long inferenceNanos, boolean failed) {}

        @Override
        public void onRejected(int images) {}
      };
}
