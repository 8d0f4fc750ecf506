package io.siameseonnx.server.batching;

import java.nio.FloatBuffer;

/**
 * A model version the batcher can run: items of a fixed number of floats in, one float array out
 * per item. The served ONNX models implement it (an embedding model: one image in, its embedding
 * out; a distance model: two images in, one distance out); tests implement it in plain Java.
 */
public interface BatchModel {
  /** Floats in one item. */
  int itemSize();

  /**
   * Runs {@code count} items laid back to back in {@code items}, from its position ({@link
   * #itemSize()} floats each), while a reference is held. With several batcher instances, calls
   * come from several threads at once (an ONNX Runtime session allows that).
   *
   * @return one result per item, in order
   */
  float[][] run(FloatBuffer items, int count) throws Exception;

  /**
   * The most batches of this model run at once, whatever the batcher's instance count: a model on a
   * GPU runs one batch at a time (its kernels queue on one stream anyway), a model on the CPU as
   * many as the batcher has instances.
   */
  default int maxConcurrentRuns() {
    return Integer.MAX_VALUE;
  }

  /** Takes a reference that keeps the model open; false once it has been closed. */
  boolean tryAcquire();

  /** Drops a reference taken with {@link #tryAcquire()}. */
  void release();

  /** The model's name and version, for logs. */
  String describe();
}
