package io.siameseonnx.server.models;

import io.siameseonnx.model.card.ModelKind;
import io.siameseonnx.server.batching.BatcherOptions;
import io.siameseonnx.server.batching.DynamicBatcher;
import io.siameseonnx.server.metrics.ServerMetrics;
import io.siameseonnx.server.runtime.ModelLoadException;
import io.siameseonnx.server.runtime.RuntimeOptions;
import java.time.Duration;

/**
 * One model of the repository being served, with everything of its own: the slot holding the
 * current version, the manager that loads and reloads it, its batcher and its reloader.
 */
public final class ModelHost {
  private final ModelKind kind;
  private final ModelSlot slot = new ModelSlot();
  private final ModelManager manager;
  private final DynamicBatcher batcher;
  private final HotReloader reloader;

  /**
   * Creates the host; nothing is loaded yet.
   *
   * @param kind which of the two models it serves
   * @param source its versions in the repository
   * @param runtime how sessions are created
   * @param batching its batcher's settings (the largest batch is also warmed up)
   * @param warmupRuns warm-up passes before readiness
   * @param reloadInterval how often to look for a newer version (zero: never)
   * @param metrics where its meters go
   */
  public ModelHost(
      ModelKind kind,
      ModelSource source,
      RuntimeOptions runtime,
      BatcherOptions batching,
      int warmupRuns,
      Duration reloadInterval,
      ServerMetrics metrics) {
    this.kind = kind;
    ServerMetrics.ModelMeters meters = metrics.forModel(source.modelName());
    this.batcher = new DynamicBatcher("batcher-" + source.modelName(), batching, meters);
    this.manager =
        new ModelManager(source, kind, slot, runtime, batching.maxBatchSize(), warmupRuns, meters);
    this.reloader = new HotReloader(manager, reloadInterval);
    meters.bindQueue(batcher::queuedImages, batcher::admittedImages);
    meters.bindReadiness(slot::isReady);
  }

  /** Which of the two models this host serves. */
  public ModelKind kind() {
    return kind;
  }

  /** The model's name in the repository. */
  public String name() {
    return manager.source().modelName();
  }

  /** The slot holding the served version. */
  public ModelSlot slot() {
    return slot;
  }

  /** Loads and reloads versions. */
  public ModelManager manager() {
    return manager;
  }

  /** The model's batcher. */
  public DynamicBatcher batcher() {
    return batcher;
  }

  /** Loads the newest loadable version (not warm yet). */
  public void load() throws ModelLoadException {
    manager.loadNewest();
  }

  /** Warms the loaded version up (falling back to older versions that warm up). */
  public void warmUp() throws ModelLoadException {
    manager.warmUp();
  }

  /** Starts watching the repository for newer versions. */
  public void startReloading() {
    reloader.start();
  }

  /** Turns readiness off for a graceful shutdown and stops watching. */
  public void drain() {
    slot.drain();
    reloader.close();
  }

  /** Finishes what its batcher admitted (up to {@code timeout}) and unloads the model. */
  public void close(Duration timeout) {
    reloader.close();
    batcher.close(timeout);
    slot.clear();
  }
}
