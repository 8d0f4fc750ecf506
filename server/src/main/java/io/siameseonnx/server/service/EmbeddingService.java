package io.siameseonnx.server.service;

import io.siameseonnx.server.errors.InferenceException;
import io.siameseonnx.server.errors.ModelNotFoundException;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.server.models.ModelHost;
import io.siameseonnx.server.models.ModelSlot;
import io.siameseonnx.server.models.ServedModel;
import io.siameseonnx.shared.image.DecodeGate;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Embeds a request's images: leases the current model, reserves room in the batch queue,
 * preprocesses the images (encoded ones spread over a small pool when there are several), and waits
 * for the batcher. Plain Java, no HTTP: the API handlers call it.
 */
public final class EmbeddingService {
  private final ModelRequests requests;

  /**
   * Creates the service.
   *
   * @param model the embedding model being served: its slot and its batcher
   * @param preprocessPool threads that share the decoding of multi-image requests
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
    this.requests =
        new ModelRequests(model, preprocessPool, preprocessThreads, decodeGate, timeout);
  }

  /**
   * Embeds {@code inputs} with one model version.
   *
   * @throws NotReadyException when no model is ready
   * @throws OverloadedException when the queue is full or the wait times out
   * @throws io.siameseonnx.server.errors.InvalidInputException when an input cannot be used
   * @throws InferenceException when ONNX Runtime fails
   */
  public EmbeddingResult embed(List<? extends ImageInput> inputs) {
    return embed(inputs, OptionalLong.empty());
  }

  /**
   * Embeds {@code inputs} with the served version, which must be {@code version} when one is given.
   *
   * @throws ModelNotFoundException when another version is served
   * @throws NotReadyException when no model is ready
   * @throws OverloadedException when the queue is full or the wait times out
   * @throws io.siameseonnx.server.errors.InvalidInputException when an input cannot be used
   * @throws InferenceException when ONNX Runtime fails
   */
  public EmbeddingResult embed(List<? extends ImageInput> inputs, OptionalLong version) {
    ModelRequests.Outcome outcome = requests.run(inputs, 1, version);
    return new EmbeddingResult(outcome.model(), outcome.outputs());
  }

  /**
   * As {@link #embed(List, OptionalLong)}, without waiting for inference: the inputs are checked
   * and preprocessed on the calling thread, and the future completes on the batcher's thread, with
   * the result or with one of the exceptions listed there.
   *
   * @param runner where the batch may run when the batcher is idle (the caller's event loop), or
   *     null
   * @throws RuntimeException those of the listed exceptions that arise before the images are queued
   */
  public CompletableFuture<EmbeddingResult> embedAsync(
      List<? extends ImageInput> inputs, OptionalLong version, Executor runner) {
    return requests
        .runAsync(inputs, 1, version, runner)
        .thenApply(outcome -> new EmbeddingResult(outcome.model(), outcome.outputs()));
  }

  /**
   * Embeds {@code inputs} with one model version and keeps what a gallery stores beside each
   * embedding: the preprocessed input and the model's card.
   *
   * @throws NotReadyException when no model is ready
   * @throws OverloadedException when the queue is full or the wait times out
   * @throws io.siameseonnx.server.errors.InvalidInputException when an input cannot be used
   * @throws InferenceException when ONNX Runtime fails
   */
  public PreparedEmbeddings embedPrepared(List<? extends ImageInput> inputs) {
    ModelRequests.Outcome outcome = requests.run(inputs, 1, OptionalLong.empty());
    return new PreparedEmbeddings(
        outcome.model(), outcome.card(), outcome.inputs(), outcome.outputs());
  }

  /**
   * As {@link #embedPrepared(List)}, on {@code model} rather than the served version: the caller
   * holds a reference on it (see {@link ServedModel#tryAcquire}).
   */
  public PreparedEmbeddings embedPreparedOn(ServedModel model, List<? extends ImageInput> inputs) {
    ModelRequests.Outcome outcome = requests.runOn(model, inputs);
    return new PreparedEmbeddings(
        outcome.model(), outcome.card(), outcome.inputs(), outcome.outputs());
  }

  /**
   * Embeds already preprocessed input tensors with {@code model} (the caller holds a reference on
   * it): what re-embedding a gallery from its stored tensors runs.
   *
   * @throws OverloadedException when the queue is full or the wait times out
   */
  public float[][] embedTensors(ServedModel model, float[][] tensors) {
    return requests.runTensors(model, tensors);
  }

  /** The slot this service serves from. */
  public ModelSlot slot() {
    return requests.slot();
  }
}
