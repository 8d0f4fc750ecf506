package io.siameseonnx.server.service;

import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.server.batching.DynamicBatcher;
import io.siameseonnx.server.errors.InferenceException;
import io.siameseonnx.server.errors.ModelNotFoundException;
import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.server.models.ModelHost;
import io.siameseonnx.server.models.ModelInfo;
import io.siameseonnx.server.models.ModelSlot;
import io.siameseonnx.server.models.ServedModel;
import io.siameseonnx.shared.image.DecodeGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one request's items through one served model: leases the current version (one request is
 * computed by one version from start to end), reserves room in the model's batch queue,
 * preprocesses the images (encoded ones spread over a small pool when there are several), and waits
 * for the batcher. An item is one image (the embedding model) or several images back to back (a
 * pair, for the distance model).
 */
final class ModelRequests {
  /**
   * The model version that ran a request (its facts and its card), the preprocessed input of each
   * image, and one output an item.
   */
  record Outcome(ModelInfo model, ModelCard card, float[][] inputs, float[][] outputs) {}

  private final String name;
  private final ModelSlot slot;
  private final DynamicBatcher batcher;
  private final ExecutorService preprocessPool;
  private final int preprocessThreads;
  private final DecodeGate decodeGate;
  private final Duration timeout;

  ModelRequests(
      ModelHost host,
      ExecutorService preprocessPool,
      int preprocessThreads,
      DecodeGate decodeGate,
      Duration timeout) {
    this.name = host.name();
    this.slot = host.slot();
    this.batcher = host.batcher();
    this.preprocessPool = preprocessPool;
    this.preprocessThreads = preprocessThreads;
    this.decodeGate = decodeGate;
    this.timeout = timeout;
  }

  ModelSlot slot() {
    return slot;
  }

  /**
   * Runs {@code images}, laid out item by item ({@code imagesPerItem} consecutive images make one
   * item), on the served version, which must be {@code version} when one is given. A lone request
   * runs on the calling thread; otherwise the caller waits for the batcher.
   */
  Outcome run(List<? extends ImageInput> images, int imagesPerItem, OptionalLong version) {
    try (ModelSlot.Lease lease = slot.lease()) {
      ServedModel model = leased(lease, version);
      try (DynamicBatcher.Ticket ticket = batcher.admit(items(images, imagesPerItem))) {
        return execute(model, ticket, images, imagesPerItem);
      }
    }
  }

  /**
   * As {@link #run}, but without waiting: preprocesses on the calling thread, queues the items and
   * returns at once. The future completes on the thread that ran the batch with the outcome, or
   * with the exception {@link #run} would throw ({@link OverloadedException} when the wait times
   * out). What an asynchronous protocol handler (gRPC's) calls, so that no thread waits for
   * inference.
   *
   * @param runner where the batch may run when the batcher is idle (see {@link
   *     DynamicBatcher.Ticket#submitOrRunWith}), or null to leave it to the batcher's threads
   * @throws RuntimeException the exceptions of {@link #run} that arise before the items are queued
   */
  CompletableFuture<Outcome> runAsync(
      List<? extends ImageInput> images, int imagesPerItem, OptionalLong version, Executor runner) {
    ModelSlot.Lease lease = slot.lease();
    CompletableFuture<Outcome> outcome;
    try {
      ServedModel model = leased(lease, version);
      try (DynamicBatcher.Ticket ticket = batcher.admit(items(images, imagesPerItem))) {
        float[][] prepared = preprocess(images, model);
        float[][] inputs = imagesPerItem == 1 ? prepared : join(prepared, imagesPerItem);
        CompletableFuture<float[][]> future =
            runner == null
                ? ticket.submit(model, inputs)
                : ticket.submitOrRunWith(model, inputs, runner);
        // Completing it exceptionally on time-out also drops the items not yet run.
        future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        outcome =
            future
                .handle(
                    (outputs, error) -> {
                      if (error != null) {
                        throw failure(error);
                      }
                      return new Outcome(model.info(), model.card(), prepared, outputs);
                    })
                .whenComplete((done, error) -> lease.close());
      }
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
    return outcome;
  }

  private static int items(List<? extends ImageInput> images, int imagesPerItem) {
    if (images.isEmpty() || images.size() % imagesPerItem != 0) {
      throw new IllegalArgumentException(
          images.size() + " images do not make items of " + imagesPerItem);
    }
    return images.size() / imagesPerItem;
  }

  /** The leased model, which must be {@code version} when one is given. */
  private ServedModel leased(ModelSlot.Lease lease, OptionalLong version) {
    ServedModel model = lease.model();
    long served = model.info().version();
    if (version.isPresent() && version.getAsLong() != served) {
      throw new ModelNotFoundException(
          "version "
              + version.getAsLong()
              + " of model '"
              + name
              + "' is not served; it serves version "
              + served);
    }
    return model;
  }

  /**
   * Runs {@code images} (one an item) on {@code model}, which need not be the served version (a
   * gallery's queries keep using the version that built it until it is re-embedded); the caller
   * holds a reference on it.
   */
  Outcome runOn(ServedModel model, List<? extends ImageInput> images) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images");
    }
    try (DynamicBatcher.Ticket ticket = batcher.admit(images.size())) {
      return execute(model, ticket, images, 1);
    }
  }

  /** Runs already preprocessed inputs on {@code model} (the caller holds a reference on it). */
  float[][] runTensors(ServedModel model, float[][] inputs) {
    try (DynamicBatcher.Ticket ticket = batcher.admit(inputs.length)) {
      return await(ticket.submitOrRun(model, inputs));
    }
  }

  private Outcome execute(
      ServedModel model,
      DynamicBatcher.Ticket ticket,
      List<? extends ImageInput> images,
      int imagesPerItem) {
    float[][] prepared = preprocess(images, model);
    float[][] inputs = imagesPerItem == 1 ? prepared : join(prepared, imagesPerItem);
    CompletableFuture<float[][]> future = ticket.submitOrRun(model, inputs);
    return new Outcome(model.info(), model.card(), prepared, await(future));
  }

  private static float[][] join(float[][] images, int perItem) {
    float[][] items = new float[images.length / perItem][];
    for (int i = 0; i < items.length; i++) {
      int size = 0;
      for (int k = 0; k < perItem; k++) {
        size += images[i * perItem + k].length;
      }
      float[] item = new float[size];
      int at = 0;
      for (int k = 0; k < perItem; k++) {
        float[] image = images[i * perItem + k];
        System.arraycopy(image, 0, item, at, image.length);
        at += image.length;
      }
      items[i] = item;
    }
    return items;
  }

  private float[][] preprocess(List<? extends ImageInput> inputs, ServedModel model) {
    int n = inputs.size();
    float[][] tensors = new float[n][];
    int chunks = Math.min(n, preprocessThreads + 1);
    if (chunks <= 1 || !anyEncoded(inputs)) {
      // Tensors are only checked: cheaper than handing them to another thread and back.
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

  private static boolean anyEncoded(List<? extends ImageInput> inputs) {
    for (ImageInput input : inputs) {
      if (input instanceof EncodedImage) {
        return true;
      }
    }
    return false;
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
      throw failure(e);
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new OverloadedException("interrupted while waiting for inference", true);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  /** What a failed or timed-out wait for the batcher throws. */
  private RuntimeException failure(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof TimeoutException) {
      return new OverloadedException(
          "inference did not finish within " + timeout.toSeconds() + " s", false);
    }
    if (cause instanceof RuntimeException r) {
      return r;
    }
    return new InferenceException("inference failed", cause);
  }
}
