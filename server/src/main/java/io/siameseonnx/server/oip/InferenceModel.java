package io.siameseonnx.server.oip;

import io.siameseonnx.server.errors.InvalidInputException;
import io.siameseonnx.server.errors.InvalidInputException.Kind;
import io.siameseonnx.server.errors.ModelNotFoundException;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.models.ModelHost;
import io.siameseonnx.server.models.ServedModel;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One served model of the repository as the protocol sees it: its metadata and readiness, and
 * inference on protocol tensors. Each kind of model turns its input tensors into the inputs of its
 * protocol-neutral service, and the service's results into output tensors.
 */
public abstract sealed class InferenceModel permits EmbeddingModel, DistanceModel {
  /** The platform the spec names for a model run by ONNX Runtime. */
  public static final String PLATFORM = "onnx_onnxv1";

  private final ModelHost host;

  /** The most images one request may hold. */
  protected final int maxImages;

  InferenceModel(ModelHost host, int maxImages) {
    this.host = host;
    this.maxImages = maxImages;
  }

  /** The model's name: its folder in the repository. */
  public final String name() {
    return host.name();
  }

  /** Whether the model is loaded, warm and not shutting down. */
  public final boolean ready() {
    return host.slot().isReady();
  }

  /** Whether a version of the model is loaded (warm or not). */
  public final boolean loaded() {
    return host.slot().peek().isPresent();
  }

  /**
   * The inputs, outputs and served version.
   *
   * @throws NotReadyException when no version is loaded
   */
  public abstract ModelMetadata metadata();

  /**
   * Runs the request on the served version, which must be {@code version} when one is given.
   *
   * @throws InvalidInputException naming the input or output that is wrong
   * @throws ModelNotFoundException when another version is served
   * @throws NotReadyException when the model is not ready
   * @throws io.siameseonnx.server.errors.OverloadedException when the queue is full
   */
  public abstract InferResult infer(InferRequest request, OptionalLong version);

  /**
   * As {@link #infer}, without waiting for inference: the request is checked and its images
   * preprocessed on the calling thread, and the future completes on the batcher's thread with the
   * result, or with one of the exceptions of {@link #infer} (or {@link
   * io.siameseonnx.server.errors.OverloadedException} when inference does not finish in time).
   *
   * @param runner where the batch may run when the batcher is idle (the caller's event loop), or
   *     null
   * @throws RuntimeException those exceptions of {@link #infer} that arise before the images are
   *     queued
   */
  public abstract CompletableFuture<InferResult> inferAsync(
      InferRequest request, OptionalLong version, Executor runner);

  /**
   * The most elements a request's data may hold, over all its inputs: numbers (FP32) and strings
   * (BYTES). A request reader stops at these, before the shape is even checked.
   *
   * @param numbers the most FP32 elements
   * @param strings the most BYTES elements
   */
  public record Limits(long numbers, long strings) {}

  /** What one request may hold, from the served version's image size. */
  public final Limits limits() {
    PreprocessingSpec spec = served().preprocessor().spec();
    return new Limits((long) maxImages * spec.tensorSize(), maxImages);
  }

  /**
   * Refuses a version other than the served one.
   *
   * @throws ModelNotFoundException naming the served version
   * @throws NotReadyException when no version is loaded
   */
  public final void requireVersion(OptionalLong version) {
    long served = served().info().version();
    if (version.isPresent() && version.getAsLong() != served) {
      throw new ModelNotFoundException(
          "version "
              + version.getAsLong()
              + " of model '"
              + name()
              + "' is not served; it serves version "
              + served);
    }
  }

  /** The loaded version, for its facts (requests lease their own through the services). */
  protected final ServedModel served() {
    return host.slot()
        .peek()
        .orElseThrow(() -> new NotReadyException("model '" + name() + "' is not loaded yet"));
  }

  /** The image shape {@code [C, H, W]} of the served version. */
  protected final int[] imageShape() {
    PreprocessingSpec spec = served().preprocessor().spec();
    return new int[] {spec.channels(), spec.height(), spec.width()};
  }

  /** The metadata of an FP32 image input. */
  protected final TensorMetadata imageInput(String input) {
    int[] chw = imageShape();
    return new TensorMetadata(
        input, Tensors.FP32, List.of(-1L, (long) chw[0], (long) chw[1], (long) chw[2]));
  }

  /** The metadata in common: name, served version, platform. */
  protected final ModelMetadata metadata(
      List<TensorMetadata> inputs, List<TensorMetadata> outputs) {
    return new ModelMetadata(
        name(), List.of(Long.toString(served().info().version())), PLATFORM, inputs, outputs);
  }

  /**
   * Checks the outputs asked for: each one the model's only output, at most once.
   *
   * @throws InvalidInputException naming an unknown or repeated output
   */
  protected final void requireOutputs(List<RequestedOutput> requested, String output) {
    Set<String> seen = new HashSet<>();
    for (RequestedOutput r : requested) {
      if (!output.equals(r.name())) {
        throw new InvalidInputException(
            Kind.VALUE,
            "outputs",
            "model '"
                + name()
                + "' has no output '"
                + r.name()
                + "'; its output is '"
                + output
                + "'");
      }
      if (!seen.add(r.name())) {
        throw new InvalidInputException(
            Kind.VALUE, "outputs", "output '" + r.name() + "' is asked for more than once");
      }
    }
  }

  /** The response to {@code request} with {@code outputs} computed by {@code version}. */
  protected final InferResult result(InferRequest request, long version, OutputTensor output) {
    return new InferResult(
        name(),
        Long.toString(version),
        request.id(),
        Parameters.passedThrough(request.parameters()),
        List.of(output));
  }
}
