package io.siameseonnx.server.models;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one model host serves and what it has seen in the repository.
 *
 * @param current the model being served, if any
 * @param ready whether it is warm and the server is not shutting down
 * @param available versions present in the repository at the last check
 * @param skipped newer versions passed over at start-up because they did not load or warm up
 * @param lastFailure the last version that failed to hot-reload, while no newer one has loaded
 * @param lastCheck when the repository was last scanned
 */
public record ModelStatus(
    Optional<ServedModel> current,
    boolean ready,
    List<Long> available,
    List<ReloadFailure> skipped,
    Optional<ReloadFailure> lastFailure,
    Optional<Instant> lastCheck) {
  /** Copies the lists. */
  public ModelStatus {
    available = List.copyOf(available);
    skipped = List.copyOf(skipped);
  }
}
