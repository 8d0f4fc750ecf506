package io.siameseonnx.server.http.v1;

import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.server.models.ModelHost;
import io.siameseonnx.server.models.ModelHosts;
import io.siameseonnx.server.models.ModelStatus;
import io.siameseonnx.server.models.ReloadFailure;
import io.siameseonnx.server.models.ServedModel;
import java.util.List;

/**
 * The answer to {@code GET /v1/models}: the served embedding model's card and version, and the
 * repository's state as the loader sees it; then every served model in brief. Absent fields are
 * omitted; paths are relative to the model repository.
 *
 * @param name the served model's name
 * @param version its version
 * @param device where it runs: {@code cpu} or {@code cuda}
 * @param cudaUnavailable why CUDA was not used, where {@code --device auto} fell back to the CPU
 * @param ready whether it is warm and serving
 * @param loadedAt when it was loaded (ISO-8601)
 * @param path its model file
 * @param availableVersions versions present in the repository at the last check
 * @param skippedVersions newer versions passed over at start-up, and why
 * @param lastCheck when the repository was last scanned (ISO-8601)
 * @param lastReloadFailure the newest version, when it failed to load and the old one kept serving
 * @param card the model card
 * @param models every served model (the embedding model first)
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
    List<Failure> skippedVersions,
    String lastCheck,
    Failure lastReloadFailure,
    ModelCard card,
    List<Served> models) {

  /**
   * A version that failed to load.
   *
   * @param version the version that failed
   * @param path its model file
   * @param error why, one line
   * @param at when (ISO-8601)
   */
  public record Failure(long version, String path, String error, String at) {
    static Failure of(ReloadFailure failure) {
      return new Failure(
          failure.version(), failure.file(), failure.message(), failure.at().toString());
    }
  }

  /**
   * One served model in brief.
   *
   * @param name its folder in the repository
   * @param kind {@code embedding} or {@code distance}
   * @param version the version served, if any
   * @param ready whether it is warm and serving
   * @param path its model file
   * @param skippedVersions versions passed over at start-up
   * @param lastReloadFailure the newest version, when it failed to load
   */
  public record Served(
      String name,
      String kind,
      Long version,
      boolean ready,
      String path,
      List<Failure> skippedVersions,
      Failure lastReloadFailure) {
    static Served of(ModelHost host) {
      ModelStatus status = host.manager().status();
      ServedModel model = status.current().orElse(null);
      return new Served(
          host.name(),
          host.kind().wireName(),
          model == null ? null : model.info().version(),
          status.ready(),
          model == null ? null : host.manager().source().relative(model.onnx().file()),
          failures(status.skipped()),
          status.lastFailure().map(Failure::of).orElse(null));
    }
  }

  /** The response for the served models. */
  public static ModelsResponse of(ModelHosts hosts) {
    ModelHost host = hosts.embedding();
    ModelStatus status = host.manager().status();
    ServedModel model = status.current().orElse(null);
    return new ModelsResponse(
        model == null ? null : model.info().name(),
        model == null ? null : model.info().version(),
        model == null ? null : model.info().device().wireName(),
        model == null ? null : model.onnx().cudaUnavailable().orElse(null),
        status.ready(),
        model == null ? null : model.loadedAt().toString(),
        model == null ? null : host.manager().source().relative(model.onnx().file()),
        status.available(),
        failures(status.skipped()),
        status.lastCheck().map(Object::toString).orElse(null),
        status.lastFailure().map(Failure::of).orElse(null),
        model == null ? null : model.card(),
        hosts.all().stream().map(Served::of).toList());
  }

  private static List<Failure> failures(List<ReloadFailure> failures) {
    return failures.isEmpty() ? null : failures.stream().map(Failure::of).toList();
  }
}
