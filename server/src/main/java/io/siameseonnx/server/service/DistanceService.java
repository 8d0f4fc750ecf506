package io.siameseonnx.server.service;

import io.siameseonnx.server.errors.InferenceException;
import io.siameseonnx.server.errors.ModelNotFoundException;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.server.models.ModelHost;
import io.siameseonnx.server.models.ModelSlot;
import io.siameseonnx.server.service.MatchingService.ImagePair;
import io.siameseonnx.shared.image.DecodeGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Runs the distance model (two images in, the distance between their embeddings out) on pairs,
 * through that model's own batcher: each pair is one item of the batch. Plain Java, no HTTP.
 */
public final class DistanceService {
  private final ModelRequests requests;

  /**
   * Creates the service.
   *
   * @param model the distance model being served: its slot and its batcher
   * @param preprocessPool threads that share the decoding of multi-image requests
   * @param preprocessThreads the pool's size
   * @param decodeGate admits each encoded image's decoding (bounds the pixels decoded at once)
   * @param timeout how long a request waits for its distances before giving up
   */
  public DistanceService(
      ModelHost model,
      ExecutorService preprocessPool,
      int preprocessThreads,
      DecodeGate decodeGate,
      Duration timeout) {
    this.requests =
        new ModelRequests(model, preprocessPool, preprocessThreads, decodeGate, timeout);
  }

  /**
   * The distance of each pair, in order, computed by the served version, which must be {@code
   * version} when one is given.
   *
   * @throws ModelNotFoundException when another version is served
   * @throws NotReadyException when the model is not ready
   * @throws OverloadedException when the queue is full or the wait times out
   * @throws io.siameseonnx.server.errors.InvalidInputException when an input cannot be used
   * @throws InferenceException when ONNX Runtime fails
   */
  public DistanceResult distances(List<ImagePair> pairs, OptionalLong version) {
    return result(requests.run(images(pairs), 2, version));
  }

  /**
   * As {@link #distances}, without waiting for inference: the pairs are checked and preprocessed on
   * the calling thread, and the future completes on the batcher's thread, with the result or with
   * one of the exceptions listed there.
   *
   * @param runner where the batch may run when the batcher is idle (the caller's event loop), or
   *     null
   * @throws RuntimeException those of the listed exceptions that arise before the pairs are queued
   */
  public CompletableFuture<DistanceResult> distancesAsync(
      List<ImagePair> pairs, OptionalLong version, Executor runner) {
    return requests.runAsync(images(pairs), 2, version, runner).thenApply(DistanceService::result);
  }

  private static List<ImageInput> images(List<ImagePair> pairs) {
    List<ImageInput> images = new ArrayList<>(2 * pairs.size());
    for (ImagePair pair : pairs) {
      images.add(pair.a());
      images.add(pair.b());
    }
    return images;
  }

  private static DistanceResult result(ModelRequests.Outcome outcome) {
    float[][] outputs = outcome.outputs();
    float[] distances = new float[outputs.length];
    for (int i = 0; i < distances.length; i++) {
      distances[i] = outputs[i][0];
    }
    return new DistanceResult(outcome.model(), distances);
  }

  /** The slot this service serves from. */
  public ModelSlot slot() {
    return requests.slot();
  }
}
