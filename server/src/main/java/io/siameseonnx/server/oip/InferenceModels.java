package io.siameseonnx.server.oip;

import io.siameseonnx.server.errors.ModelNotFoundException;
import io.siameseonnx.server.models.ModelHosts;
import io.siameseonnx.server.service.Services;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The models of the repository as the protocol serves them, by name, and the server's metadata and
 * readiness. Both of the protocol's adapters (REST and gRPC) answer from one of these.
 */
public final class InferenceModels {
  /** The server's name in its metadata. */
  public static final String SERVER_NAME = "siamese-onnx";

  /** The binary tensor data extension, as Triton names it. */
  public static final String BINARY_TENSOR_DATA = "binary_tensor_data";

  private final Map<String, InferenceModel> models = new LinkedHashMap<>();

  /**
   * The served models: the embedding model, and the distance model when the repository has one.
   *
   * @param hosts the models being served
   * @param services the services that run them
   * @param maxImagesPerRequest the most images one request may hold
   */
  public InferenceModels(ModelHosts hosts, Services services, int maxImagesPerRequest) {
    InferenceModel embedding =
        new EmbeddingModel(hosts.embedding(), services.embeddings(), maxImagesPerRequest);
    models.put(embedding.name(), embedding);
    hosts
        .distance()
        .ifPresent(
            host ->
                services
                    .distances()
                    .ifPresent(
                        service -> {
                          InferenceModel distance =
                              new DistanceModel(host, service, maxImagesPerRequest);
                          models.put(distance.name(), distance);
                        }));
  }

  /** The server's name, version and extensions. */
  public ServerMetadata server() {
    String version = InferenceModels.class.getPackage().getImplementationVersion();
    return new ServerMetadata(
        SERVER_NAME, version == null ? "development" : version, List.of(BINARY_TENSOR_DATA));
  }

  /**
   * Whether the server is ready: every served model is loaded and warm (a distance model that
   * failed to load is not served and does not hold readiness back; the embedding model always
   * does).
   */
  public boolean ready() {
    boolean ready = true;
    boolean first = true;
    for (InferenceModel model : models.values()) {
      if (first || model.loaded()) {
        ready &= model.ready();
      }
      first = false;
    }
    return ready;
  }

  /** Every model, the embedding model first. */
  public List<InferenceModel> all() {
    return new ArrayList<>(models.values());
  }

  /**
   * The model of that name.
   *
   * @throws ModelNotFoundException when the server serves no such model
   */
  public InferenceModel model(String name) {
    InferenceModel model = models.get(name);
    if (model == null) {
      throw new ModelNotFoundException(
          "unknown model '" + name + "'; the models served are " + models.keySet());
    }
    return model;
  }

  /**
   * A version as the protocol gives it (a string; absent or empty: the served one).
   *
   * @throws ModelNotFoundException when it is not a version number
   */
  public static OptionalLong version(String model, Optional<String> version) {
    if (version.isEmpty() || version.get().isEmpty()) {
      return OptionalLong.empty();
    }
    String text = version.get();
    try {
      long number = Long.parseLong(text);
      if (number >= 1) {
        return OptionalLong.of(number);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ModelNotFoundException(
        "model '" + model + "' has no version '" + text + "'; versions are positive integers");
  }
}
