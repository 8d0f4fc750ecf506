package io.siameseonnx.server.service;

import io.siameseonnx.server.batching.DynamicBatcher;
import io.siameseonnx.server.errors.InferenceException;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.server.models.ModelHost;
import io.siameseonnx.server.models.ModelSlot;
import io.siameseonnx.server.models.ServedModel;
import io.siameseonnx.shared.image.DecodeGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Embeds a request's images: leases the current model, reserves room in the batch queue,
 * preprocesses the images (spread over a small pool when there are several), and waits for the
 * batcher. Plain Java, no HTTP: the API handlers call it.
 */
public final class EmbeddingService {
  private final ModelSlot slot;
  private final DynamicBatcher batcher;
  private final ExecutorService preprocessPool;
  private final int preprocessThreads;
  private final DecodeGate decodeGate;
  private final Duration timeout;

  /**
   * Creates the service.
   *
   * @param model the embedding model being served: its slot and its batcher
   * @param preprocessPool threads that share the preprocessing of multi-image requests
   * @param preprocessThreads the pool's size
   * @param decodeGate admits each encoded image's decoding (bounds the pixels decoded at once)
   * @param timeout how long a request waits for its embeddings before giving up
   */
  public EmbeddingService(
      ModelHost model,
      ExecutorService preprocessPool,
      int preprocessThreads,
      DecodeGate decodeGate,
      Duration timeout) {
    this.slot = model.slot();
    this.batcher = model.batcher();
    this.preprocessPool = preprocessPool;
    this.preprocessThreads = preprocessThreads;
    this.decodeGate = decodeGate;
    this.timeout = timeout;
  }

  /**
   * Embeds {@code inputs} with one model version.
   *
   * @throws NotReadyException when no model is ready
   * @throws OverloadedException when the queue is full or the wait times out
   * @throws io.siameseonnx.shared.image.InvalidImageException when an input cannot be used
   * @throws InferenceException when ONNX Runtime fails
   */
  public EmbeddingResult embed(List<? extends ImageInput> inputs) {
    try (ModelSlot.Lease lease = slot.lease();
        DynamicBatcher.Ticket ticket = batcher.admit(inputs.size())) {
      ServedModel model = lease.model();
      float[][] tensors = preprocess(inputs, model);
      CompletableFuture<float[][]> future = ticket.submit(model, tensors);
      return new EmbeddingResult(model.info(), await(future));
    }
  }

  /** The slot this service serves from. */
  public ModelSlot slot() {
    return slot;
  }

  private float[][] preprocess(List<? extends ImageInput> inputs, ServedModel model) {
    int n = inputs.size();
    float[][] tensors = new float[n][];
    int chunks = Math.min(n, preprocessThreads + 1);
    if (chunks <= 1) {
      prepareRange(inputs, model, decodeGate, tensors, 0, n);
      return tensors;
    }
    // The request thread takes the first share itself; the pool takes the rest.
    List<CompletableFuture<Void>> others = new ArrayList<>(chunks - 1);
    int per = (n + chunks - 1) / chunks;
    for (int from = per; from < n; from += per) {
      int start = from;
      int end = Math.min(n, from + per);
      others.add(
          CompletableFuture.runAsync(
              () -> prepareRange(inputs, model, decodeGate, tensors, start, end), preprocessPool));
    }
    RuntimeException first = null;
    try {
      prepareRange(inputs, model, decodeGate, tensors, 0, Math.min(n, per));
    } catch (RuntimeException e) {
      first = e;
    }
    for (CompletableFuture<Void> other : others) {
      try {
        other.join();
      } catch (CompletionException e) {
        if (first == null) {
          first = e.getCause() instanceof RuntimeException r ? r : e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return tensors;
  }

  private static void prepareRange(
      List<? extends ImageInput> inputs,
      ServedModel model,
      DecodeGate gate,
      float[][] out,
      int from,
      int to) {
    for (int i = from; i < to; i++) {
      out[i] = inputs.get(i).prepare(model.preprocessor(), gate);
    }
  }

  private float[][] await(CompletableFuture<float[][]> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(false); // the batcher drops what it has not run yet
      throw new OverloadedException(
          "inference did not finish within " + timeout.toSeconds() + " s", false);
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new OverloadedException("interrupted while waiting for inference", true);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new InferenceException("inference failed", e.getCause());
    }
  }
}
