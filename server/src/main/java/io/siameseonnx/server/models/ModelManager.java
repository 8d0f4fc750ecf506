package io.siameseonnx.server.models;

import io.siameseonnx.model.card.ModelKind;
import io.siameseonnx.model.repository.ModelRepository;
import io.siameseonnx.server.runtime.ModelLoadException;
import io.siameseonnx.server.runtime.OnnxModel;
import io.siameseonnx.server.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one model of the repository into its {@link ModelSlot}: at start-up the newest version that
 * loads, validates and warms up (newer ones that do not are skipped, logged and reported by {@link
 * #status()}), and on {@link #reload()} a newer version, warmed up and swapped in. A version that
 * fails to load leaves the served one in place; the failure is logged once, reported and counted,
 * and the same files are not tried again until they change.
 */
public final class ModelManager {
  private static final Logger LOG = LoggerFactory.getLogger(ModelManager.class);

  private final ModelSource source;
  private final ModelKind kind;
  private final ModelSlot slot;
  private final RuntimeOptions runtime;
  private final int warmupBatch;
  private final int warmupRuns;
  private final ReloadListener listener;

  private volatile List<Long> available = List.of();
  private volatile List<ReloadFailure> skipped = List.of();
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
   * @param source where versions are found
   * @param kind which of the two models it serves
   * @param slot where the served model lives
   * @param runtime how sessions are created
   * @param warmupBatch the largest batch run at warm-up (the batcher's max batch size)
   * @param warmupRuns warm-up passes
   * @param listener load outcomes, for metrics
   */
  public ModelManager(
      ModelSource source,
      ModelKind kind,
      ModelSlot slot,
      RuntimeOptions runtime,
      int warmupBatch,
      int warmupRuns,
      ReloadListener listener) {
    this.source = source;
    this.kind = kind;
    this.slot = slot;
    this.runtime = runtime;
    this.warmupBatch = warmupBatch;
    this.warmupRuns = warmupRuns;
    this.listener = listener;
  }

  /**
   * Loads and validates the newest version that loads and installs it, not yet warm (readiness
   * stays off). Newer versions that fail are skipped, logged and listed by {@link #status()}.
   *
   * @throws ModelLoadException when no version loads (each one's reason in the message)
   */
  public synchronized ServedModel loadNewest() throws ModelLoadException {
    return loadNewestBelow(Long.MAX_VALUE, new ArrayList<>());
  }

  private ServedModel loadNewestBelow(long below, List<ReloadFailure> failures)
      throws ModelLoadException {
    List<ModelRepository.Version> versions = scan();
    if (versions.isEmpty()) {
      throw new ModelLoadException(
          "no model version in "
              + source.modelDir()
              + " (expected "
              + source.modelDir()
              + "/<version>/model.onnx; train one with: java -jar"
              + " trainer/target/siamese-trainer.jar train --model-repo "
              + source.root()
              + ")");
    }
    for (int i = versions.size() - 1; i >= 0; i--) {
      ModelRepository.Version version = versions.get(i);
      if (version.number() >= below) {
        continue;
      }
      try {
        ServedModel model = load(version);
        slot.install(model);
        listener.onLoad(version.number(), true);
        LOG.info(
            "Loaded {} version {} from {} on {}{}",
            model.info().name(),
            version.number(),
            source.relative(version.modelFile()),
            model.info().device().wireName(),
            model.onnx().cudaUnavailable().map(r -> " (CUDA unavailable: " + r + ")").orElse(""));
        return model;
      } catch (ModelLoadException e) {
        skip(version, e, failures);
      }
    }
    throw noLoadableVersion(failures);
  }

  private void skip(ModelRepository.Version version, Exception e, List<ReloadFailure> failures) {
    listener.onLoad(version.number(), false);
    ReloadFailure failure =
        new ReloadFailure(
            version.number(),
            source.relative(version.modelFile()),
            source.relativeMessage(e.getMessage()),
            Instant.now());
    failures.add(failure);
    skipped = List.copyOf(failures);
    LOG.warn("Skipping version {} of {}: {}", version.number(), source.modelName(), e.getMessage());
  }

  private ModelLoadException noLoadableVersion(List<ReloadFailure> failures) {
    StringBuilder why = new StringBuilder();
    for (ReloadFailure f : failures) {
      why.append(why.length() == 0 ? "" : "; ").append(f.message());
    }
    return new ModelLoadException(
        "no version of " + source.modelName() + " in " + source.root() + " loads: " + why);
  }

  /**
   * Warms the installed model up and marks it ready. When warm-up fails, the version is skipped
   * like one that does not load, and the newest older version that loads and warms up takes its
   * place.
   *
   * @throws ModelLoadException when no version warms up
   */
  public synchronized void warmUp() throws ModelLoadException {
    List<ReloadFailure> failures = new ArrayList<>(skipped);
    while (true) {
      ServedModel model =
          slot.peek().orElseThrow(() -> new IllegalStateException("no model loaded"));
      long start = System.nanoTime();
      try {
        warm(model);
        slot.markWarm();
        LOG.info(
            "Warmed up {} version {} in {} ms; ready",
            model.info().name(),
            model.info().version(),
            (System.nanoTime() - start) / 1_000_000);
        return;
      } catch (ModelLoadException e) {
        slot.clear();
        long version = model.info().version();
        skip(new ModelRepository.Version(version, model.onnx().file().getParent()), e, failures);
        try {
          loadNewestBelow(version, failures);
        } catch (ModelLoadException none) {
          throw failures.size() == 1 ? e : none;
        }
      }
    }
  }

  /**
   * Loads the newest version if it is newer than the one served, warms it up and swaps it in. Safe
   * to call at any time; calls are serialised.
   */
  public synchronized Outcome reload() {
    List<ModelRepository.Version> versions;
    try {
      versions = scan();
    } catch (ModelLoadException e) {
      LOG.warn("Cannot scan the model repository: {}", e.getMessage());
      return Outcome.UNCHANGED;
    }
    Optional<ServedModel> current = slot.peek();
    if (versions.isEmpty()
        || current.isPresent()
            && versions.get(versions.size() - 1).number() <= current.get().info().version()) {
      return Outcome.UNCHANGED;
    }
    ModelRepository.Version version = versions.get(versions.size() - 1);
    String key = fileKey(version.modelFile());
    if (key.equals(failedKey)) {
      return Outcome.SKIPPED;
    }
    ServedModel next = null;
    try {
      next = load(version);
      warm(next);
    } catch (ModelLoadException | RuntimeException e) {
      if (next != null) {
        next.retire();
      }
      failedKey = key;
      String message = source.relativeMessage(e.getMessage());
      lastFailure =
          Optional.of(
              new ReloadFailure(
                  version.number(), source.relative(version.modelFile()), message, Instant.now()));
      listener.onLoad(version.number(), false);
      LOG.error(
          "Version {} of {} failed to load; still serving version {}: {}",
          version.number(),
          source.modelName(),
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
        source.relative(version.modelFile()),
        next.info().device().wireName());
    return Outcome.LOADED;
  }

  /** The served model, the repository's versions, the skipped ones and the last failure. */
  public ModelStatus status() {
    return new ModelStatus(slot.peek(), slot.isReady(), available, skipped, lastFailure, lastCheck);
  }

  /** Where the versions are found. */
  public ModelSource source() {
    return source;
  }

  private ServedModel load(ModelRepository.Version version) throws ModelLoadException {
    return new ServedModel(OnnxModel.load(version.modelFile(), version.number(), kind, runtime));
  }

  private List<ModelRepository.Version> scan() throws ModelLoadException {
    List<ModelRepository.Version> versions = source.versions();
    available = versions.stream().map(ModelRepository.Version::number).toList();
    lastCheck = Optional.of(Instant.now());
    return versions;
  }

  private void warm(ServedModel model) throws ModelLoadException {
    try {
      model.onnx().warmUp(warmupBatch, warmupRuns);
    } catch (Exception e) {
      throw new ModelLoadException(
          model.onnx().file(), "warm-up inference failed: " + e.getMessage(), e);
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
