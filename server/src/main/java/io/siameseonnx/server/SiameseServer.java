package io.siameseonnx.server;

import io.javalin.Javalin;
import io.siameseonnx.server.batching.DynamicBatcher;
import io.siameseonnx.server.metrics.ServerMetrics;
import io.siameseonnx.server.models.HotReloader;
import io.siameseonnx.server.models.ModelManager;
import io.siameseonnx.server.models.ModelSlot;
import io.siameseonnx.server.models.ModelSource;
import io.siameseonnx.server.runtime.ModelLoadException;
import io.siameseonnx.server.service.DecodeBudget;
import io.siameseonnx.server.service.EmbeddingService;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: wires the model slot, batcher, services, hot reloader and HTTP app, and owns
 * their order of start and stop. Start: load and validate the model (fail fast), start HTTP
 * (liveness answers, readiness is 503), warm up, become ready, watch for new versions. Stop: turn
 * readiness off, stop accepting, let in-flight requests finish, drain the batcher, unload.
 */
public final class SiameseServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SiameseServer.class);

  private final ServerConfig config;
  private final ServerMetrics metrics;
  private final ModelSlot slot;
  private final DynamicBatcher batcher;
  private final ExecutorService preprocessPool;
  private final DecodeBudget decodeBudget;
  private final EmbeddingService embeddings;
  private final ModelManager models;
  private final HotReloader reloader;
  private final Javalin app;
  private boolean started;
  private boolean closed;

  private SiameseServer(ServerConfig config) {
    this.config = config;
    this.metrics = new ServerMetrics();
    this.slot = new ModelSlot();
    this.batcher = new DynamicBatcher(config.batching(), metrics);
    int threads = config.preprocessThreads();
    this.preprocessPool =
        Executors.newFixedThreadPool(Math.max(1, threads), daemonThreads("preprocess"));
    this.decodeBudget =
        new DecodeBudget(
            config.decodeBudgetPixels() > 0
                ? config.decodeBudgetPixels()
                : DecodeBudget.defaultPixels(),
            config.requestTimeout());
    this.embeddings =
        new EmbeddingService(
            slot, batcher, preprocessPool, threads, decodeBudget, config.requestTimeout());
    this.models =
        new ModelManager(
            new ModelSource(config.modelRepo(), config.modelName()),
            slot,
            config.runtime(),
            config.batching().maxBatchSize(),
            config.warmupRuns(),
            metrics);
    this.reloader = new HotReloader(models, config.reloadInterval());
    metrics.bindQueue(batcher::queuedImages, batcher::admittedImages);
    metrics.bindReadiness(slot::isReady);
    this.app = ServerApp.create(config, embeddings, models, metrics);
  }

  /** Wires a server; nothing is loaded or started yet. */
  public static SiameseServer create(ServerConfig config) {
    return new SiameseServer(config);
  }

  /**
   * Loads the model, starts HTTP, warms up and starts watching the repository.
   *
   * @throws ModelLoadException when the model is missing, corrupt or does not match its card
   */
  public synchronized void start() throws ModelLoadException {
    models.loadNewest();
    app.start(config.host(), config.port());
    started = true;
    LOG.info("Listening on http://{}:{}", config.host(), app.port());
    models.warmUp();
    reloader.start();
  }

  /** Loads and installs the model without warming it up (readiness stays 503). */
  public void loadModel() throws ModelLoadException {
    models.loadNewest();
  }

  /** Warms the loaded model up and turns readiness on. */
  public void warmUp() throws ModelLoadException {
    models.warmUp();
  }

  /** The HTTP app (not started by {@link #create}). */
  public Javalin app() {
    return app;
  }

  /** The port the app listens on, once started. */
  public int port() {
    return app.port();
  }

  /** The embedding service the app calls. */
  public EmbeddingService embeddings() {
    return embeddings;
  }

  /** The model manager (for reloads). */
  public ModelManager models() {
    return models;
  }

  /** The batcher. */
  public DynamicBatcher batcher() {
    return batcher;
  }

  /** The bound on pixels decoded at once. */
  public DecodeBudget decodeBudget() {
    return decodeBudget;
  }

  /** The model slot. */
  public ModelSlot slot() {
    return slot;
  }

  /** The metrics. */
  public ServerMetrics metrics() {
    return metrics;
  }

  /** The configuration. */
  public ServerConfig config() {
    return config;
  }

  /** Stops gracefully: see the class comment. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info(
        "Shutting down: finishing in-flight requests (up to {} s)",
        config.shutdownTimeout().toSeconds());
    slot.drain();
    reloader.close();
    if (started) {
      app.stop();
    }
    // Whatever was admitted is finished even when HTTP is not waited for.
    Duration drain =
        config.shutdownTimeout().isZero() ? Duration.ofSeconds(10) : config.shutdownTimeout();
    batcher.close(drain);
    preprocessPool.shutdown();
    try {
      preprocessPool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    slot.clear();
    LOG.info("Stopped");
  }

  /** Daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
