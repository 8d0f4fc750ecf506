package io.siameseonnx.server.models;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the server serves and what it has seen in the repository.
 *
 * @param current the model being served, if any
 * @param ready whether it is warm and the server is not shutting down
 * @param available versions present in the repository at the last check
 * @param lastFailure the last version that failed to load, while no newer one has loaded since
 * @param lastCheck when the repository was last scanned
 */
public record ModelStatus(
    Optional<ServedModel> current,
    boolean ready,
    List<Long> available,
    Optional<ReloadFailure> lastFailure,
    Optional<Instant> lastCheck) {}
