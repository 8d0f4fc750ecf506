package io.siameseonnx.server.models;

import io.siameseonnx.model.repository.ModelRepository;
import io.siameseonnx.server.runtime.ModelLoadException;
import io.siameseonnx.server.runtime.OnnxModel;
import io.siameseonnx.server.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the repository's newest version into the {@link ModelSlot}, and on {@link #reload()} loads
 * a newer version, warms it up and swaps it in. A version that fails to load leaves the served one
 * in place; the failure is logged once, reported by {@link #status()} and counted by the listener,
 * and the same files are not tried again until they change.
 */
public final class ModelManager {
  private static final Logger LOG = LoggerFactory.getLogger(ModelManager.class);

  private final ModelSource repository;
  private final ModelSlot slot;
  private final RuntimeOptions runtime;
  private final int warmupBatch;
  private final int warmupRuns;
  private final ReloadListener listener;

  private volatile List<Long> available = List.of();
  private volatile Optional<ReloadFailure> lastFailure = Optional.empty();
  private volatile Optional<Instant> lastCheck = Optional.empty();
  private String failedKey;

  /** The outcome of one {@link #reload()}. */
  public enum Outcome {
    /** No newer version. */
    UNCHANGED,
    /** A newer version was loaded and swapped in. */
    LOADED,
    /** A newer version failed to load; the old one keeps serving. */
    FAILED,
    /** The newer version is the one that failed before, unchanged: not tried again. */
    SKIPPED
  }

  /**
   * Creates the manager.
   *
   * @param repository where versions are found
   * @param slot where the served model lives
   * @param runtime how sessions are created
   * @param warmupBatch the largest batch run at warm-up (the batcher's max batch size)
   * @param warmupRuns warm-up passes
   * @param listener load outcomes, for metrics
   */
  public ModelManager(
      ModelSource repository,
      ModelSlot slot,
      RuntimeOptions runtime,
      int warmupBatch,
      int warmupRuns,
      ReloadListener listener) {
    this.repository = repository;
    this.slot = slot;
    this.runtime = runtime;
    this.warmupBatch = warmupBatch;
    this.warmupRuns = warmupRuns;
    this.listener = listener;
  }

  /**
   * Loads and validates the newest version and installs it, not yet warm (readiness stays off).
   *
   * @throws ModelLoadException when there is no version or the newest cannot be loaded
   */
  public synchronized ServedModel loadNewest() throws ModelLoadException {
    ModelRepository.Version newest =
        scan()
            .orElseThrow(
                () ->
                    new ModelLoadException(
                        "no model version in "
                            + repository.modelDir()
                            + " (expected "
                            + repository.modelDir()
                            + "/<version>/model.onnx)"));
    ServedModel model;
    try {
      model = new ServedModel(OnnxModel.load(newest.modelFile(), newest.number(), runtime));
    } catch (ModelLoadException e) {
      listener.onLoad(newest.number(), false);
      throw e;
    }
    slot.install(model);
    listener.onLoad(newest.number(), true);
    LOG.info(
        "Loaded {} version {} from {} on {}{}",
        model.info().name(),
        newest.number(),
        newest.modelFile(),
        model.info().device().wireName(),
        model.embedder().cudaUnavailable().map(r -> " (CUDA unavailable: " + r + ")").orElse(""));
    return model;
  }

  /** Warms the installed model up and marks the server ready. */
  public void warmUp() throws ModelLoadException {
    ServedModel model = slot.peek().orElseThrow(() -> new IllegalStateException("no model loaded"));
    long start = System.nanoTime();
    warm(model);
    slot.markWarm();
    LOG.info(
        "Warmed up version {} in {} ms; ready",
        model.info().version(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * Loads the newest version if it is newer than the one served, warms it up and swaps it in. Safe
   * to call at any time; calls are serialised.
   */
  public synchronized Outcome reload() {
    Optional<ModelRepository.Version> newest;
    try {
      newest = scan();
    } catch (ModelLoadException e) {
      LOG.warn("Cannot scan the model repository: {}", e.getMessage());
      return Outcome.UNCHANGED;
    }
    Optional<ServedModel> current = slot.peek();
    if (newest.isEmpty()
        || current.isPresent() && newest.get().number() <= current.get().info().version()) {
      return Outcome.UNCHANGED;
    }
    ModelRepository.Version version = newest.get();
    String key = fileKey(version.modelFile());
    if (key.equals(failedKey)) {
      return Outcome.SKIPPED;
    }
    ServedModel next = null;
    try {
      next = new ServedModel(OnnxModel.load(version.modelFile(), version.number(), runtime));
      warm(next);
    } catch (ModelLoadException | RuntimeException e) {
      if (next != null) {
        next.retire();
      }
      failedKey = key;
      String message = e.getMessage();
      lastFailure =
          Optional.of(
              new ReloadFailure(version.number(), version.modelFile(), message, Instant.now()));
      listener.onLoad(version.number(), false);
      LOG.error(
          "Version {} failed to load; still serving version {}: {}",
          version.number(),
          current.map(m -> Long.toString(m.info().version())).orElse("none"),
          message);
      return Outcome.FAILED;
    }
    slot.swap(next);
    failedKey = null;
    lastFailure = Optional.empty();
    listener.onLoad(version.number(), true);
    LOG.info(
        "Hot-reloaded {} version {} from {} on {}",
        next.info().name(),
        version.number(),
        version.modelFile(),
        next.info().device().wireName());
    return Outcome.LOADED;
  }

  /** The served model, the repository's versions and the last failure. */
  public ModelStatus status() {
    return new ModelStatus(slot.peek(), slot.isReady(), available, lastFailure, lastCheck);
  }

  /** The repository being watched. */
  public ModelSource repository() {
    return repository;
  }

  private Optional<ModelRepository.Version> scan() throws ModelLoadException {
    List<ModelRepository.Version> versions = repository.versions();
    available = versions.stream().map(ModelRepository.Version::number).toList();
    lastCheck = Optional.of(Instant.now());
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  private void warm(ServedModel model) throws ModelLoadException {
    try {
      model.embedder().warmUp(warmupBatch, warmupRuns);
    } catch (Exception e) {
      throw new ModelLoadException(
          model.embedder().file(), "warm-up inference failed: " + e.getMessage(), e);
    }
  }

  private static String fileKey(Path file) {
    try {
      return file + "@" + Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file);
    } catch (IOException e) {
      return file.toString();
    }
  }
}
