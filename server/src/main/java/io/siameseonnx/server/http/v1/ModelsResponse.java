package io.siameseonnx.server.http.v1;

import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.server.models.ModelStatus;
import io.siameseonnx.server.models.ReloadFailure;
import io.siameseonnx.server.models.ServedModel;
import java.util.List;

/**
 * The answer to {@code GET /v1/models}: the served model's card and version, and the repository's
 * state as the hot reloader sees it. Absent fields are omitted.
 *
 * @param name the served model's name
 * @param version its version
 * @param device where it runs: {@code cpu} or {@code cuda}
 * @param cudaUnavailable why CUDA was not used, where {@code --device auto} fell back to the CPU
 * @param ready whether it is warm and serving
 * @param loadedAt when it was loaded (ISO-8601)
 * @param path its model file
 * @param availableVersions versions present in the repository at the last check
 * @param lastCheck when the repository was last scanned (ISO-8601)
 * @param lastReloadFailure the newest version, when it failed to load and the old one kept serving
 * @param card the model card
 */
public record ModelsResponse(
    String name,
    Long version,
    String device,
    String cudaUnavailable,
    boolean ready,
    String loadedAt,
    String path,
    List<Long> availableVersions,
    String lastCheck,
    Failure lastReloadFailure,
    ModelCard card) {

  /**
   * A failed reload.
   *
   * @param version the version that failed
   * @param path its model file
   * @param error why, one line
   * @param at when (ISO-8601)
   */
  public record Failure(long version, String path, String error, String at) {
    static Failure of(ReloadFailure failure) {
      return new Failure(
          failure.version(), failure.file().toString(), failure.message(), failure.at().toString());
    }
  }

  /** The response for a status. */
  public static ModelsResponse of(ModelStatus status) {
    ServedModel model = status.current().orElse(null);
    return new ModelsResponse(
        model == null ? null : model.info().name(),
        model == null ? null : model.info().version(),
        model == null ? null : model.info().device().wireName(),
        model == null ? null : model.embedder().cudaUnavailable().orElse(null),
        status.ready(),
        model == null ? null : model.loadedAt().toString(),
        model == null ? null : model.embedder().file().toString(),
        status.available(),
        status.lastCheck().map(Object::toString).orElse(null),
        status.lastFailure().map(Failure::of).orElse(null),
        model == null ? null : model.card());
  }
}
