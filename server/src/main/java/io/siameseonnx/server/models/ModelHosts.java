package io.siameseonnx.server.models;

import io.siameseonnx.model.card.ModelKind;
import io.siameseonnx.server.batching.BatcherOptions;
import io.siameseonnx.server.metrics.ServerMetrics;
import io.siameseonnx.server.runtime.ModelLoadException;
import io.siameseonnx.server.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of the repository the server serves, one {@link ModelHost} each: the embedding model
 * (required: the server is ready when it is) and the distance model (served when its folder exists
 * at start-up; a failure to load it is logged and leaves it unready without stopping the server).
 */
public final class ModelHosts {
  private static final Logger LOG = LoggerFactory.getLogger(ModelHosts.class);

  private final ModelHost embedding;
  private final Optional<ModelHost> distance;

  /**
   * Creates the hosts; nothing is loaded yet.
   *
   * @param repository the repository's root
   * @param names each kind's folder name in it
   * @param runtime how sessions are created
   * @param batching each batcher's settings
   * @param warmupRuns warm-up passes before readiness
   * @param reloadInterval how often to look for newer versions (zero: never)
   * @param metrics where the meters go
   */
  public ModelHosts(
      Path repository,
      Function<ModelKind, String> names,
      RuntimeOptions runtime,
      BatcherOptions batching,
      int warmupRuns,
      Duration reloadInterval,
      ServerMetrics metrics) {
    Function<ModelKind, ModelHost> host =
        kind ->
            new ModelHost(
                kind,
                new ModelSource(repository, names.apply(kind)),
                runtime,
                batching,
                warmupRuns,
                reloadInterval,
                metrics);
    this.embedding = host.apply(ModelKind.EMBEDDING);
    ModelSource distanceSource = new ModelSource(repository, names.apply(ModelKind.DISTANCE));
    this.distance =
        Files.isDirectory(distanceSource.modelDir())
            ? Optional.of(host.apply(ModelKind.DISTANCE))
            : Optional.empty();
  }

  /** The embedding model. */
  public ModelHost embedding() {
    return embedding;
  }

  /** The distance model, when the repository has one. */
  public Optional<ModelHost> distance() {
    return distance;
  }

  /** Every host, the embedding model first. */
  public List<ModelHost> all() {
    List<ModelHost> all = new ArrayList<>();
    all.add(embedding);
    distance.ifPresent(all::add);
    return all;
  }

  /**
   * Loads every model's newest loadable version (not warm yet).
   *
   * @throws ModelLoadException when the embedding model has no loadable version
   */
  public void load() throws ModelLoadException {
    embedding.load();
    distance.ifPresent(d -> optional(d, d::load));
  }

  /**
   * Warms every loaded model up.
   *
   * @throws ModelLoadException when no version of the embedding model warms up
   */
  public void warmUp() throws ModelLoadException {
    embedding.warmUp();
    distance.ifPresent(
        d -> {
          if (d.slot().peek().isPresent()) {
            optional(d, d::warmUp);
          }
        });
  }

  /** Starts watching the repository for newer versions of every model. */
  public void startReloading() {
    all().forEach(ModelHost::startReloading);
  }

  /** Turns readiness off for a graceful shutdown. */
  public void drain() {
    all().forEach(ModelHost::drain);
  }

  /** Finishes what was admitted (up to {@code timeout} in all) and unloads every model. */
  public void close(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ModelHost host : all()) {
      host.close(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
    }
  }

  private interface Step {
    void run() throws ModelLoadException;
  }

  private static void optional(ModelHost host, Step step) {
    try {
      step.run();
    } catch (ModelLoadException e) {
      LOG.error(
          "The {} model {} is not served: {}", host.kind().wireName(), host.name(), e.getMessage());
    }
  }
}
