package io.siameseonnx.server;

import io.javalin.Javalin;
import io.siameseonnx.server.batching.DynamicBatcher;
import io.siameseonnx.server.gallery.GalleryStore;
import io.siameseonnx.server.gallery.VectorIndexOptions;
import io.siameseonnx.server.grpc.GrpcServer;
import io.siameseonnx.server.http.ApiKeyAuth;
import io.siameseonnx.server.metrics.ServerMetrics;
import io.siameseonnx.server.models.ModelHosts;
import io.siameseonnx.server.models.ModelManager;
import io.siameseonnx.server.models.ModelSlot;
import io.siameseonnx.server.oip.InferenceModels;
import io.siameseonnx.server.runtime.ModelLoadException;
import io.siameseonnx.server.service.DecodeBudget;
import io.siameseonnx.server.service.DistanceService;
import io.siameseonnx.server.service.EmbeddingService;
import io.siameseonnx.server.service.GalleryService;
import io.siameseonnx.server.service.MatchingService;
import io.siameseonnx.server.service.Services;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: wires the model hosts, the services and the HTTP app, and owns their order of
 * start and stop. Start: load and validate the models (the newest version of each that loads; fail
 * fast when the embedding model has none), start HTTP and gRPC (liveness answers, readiness is
 * 503), warm up, become ready, watch for new versions. Stop: turn readiness off, stop accepting,
 * let in-flight requests of both protocols finish, drain the batchers, unload.
 */
public final class SiameseServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SiameseServer.class);

  private final ServerConfig config;
  private final ServerMetrics metrics;
  private final ModelHosts hosts;
  private final ExecutorService preprocessPool;
  private final DecodeBudget decodeBudget;
  private final Optional<GalleryStore> galleryStore;
  private final ExecutorService reembedPool;
  private final Services services;
  private final Javalin app;
  private Optional<GrpcServer> grpc = Optional.empty();
  private boolean started;
  private boolean closed;

  private SiameseServer(ServerConfig config) {
    this.config = config;
    this.metrics = new ServerMetrics();
    this.hosts =
        new ModelHosts(
            config.modelRepo(),
            config::modelName,
            config.runtime(),
            config.batching(),
            config.warmupRuns(),
            config.reloadInterval(),
            metrics);
    int threads = config.preprocessThreads();
    this.preprocessPool =
        Executors.newFixedThreadPool(Math.max(1, threads), daemonThreads("preprocess"));
    this.decodeBudget =
        new DecodeBudget(
            config.decodeBudgetBytes() > 0
                ? config.decodeBudgetBytes()
                : DecodeBudget.defaultBytes(),
            config.effectiveDecodeWait());
    EmbeddingService embeddings =
        new EmbeddingService(
            hosts.embedding(), preprocessPool, threads, decodeBudget, config.requestTimeout());
    Optional<DistanceService> distances =
        hosts
            .distance()
            .map(
                host ->
                    new DistanceService(
                        host, preprocessPool, threads, decodeBudget, config.requestTimeout()));
    this.galleryStore =
        config.galleryDir().map(dir -> GalleryStore.open(dir, VectorIndexOptions.DEFAULTS));
    this.reembedPool = Executors.newSingleThreadExecutor(daemonThreads("gallery-reembed"));
    this.services =
        new Services(
            embeddings,
            new MatchingService(embeddings),
            distances,
            galleryStore.map(
                store -> new GalleryService(embeddings, store, metrics.galleries(), reembedPool)));
    metrics.bindReadiness(hosts.embedding().slot()::isReady);
    this.app = ServerApp.create(config, services, hosts, metrics);
  }

  /**
   * Wires a server and opens its galleries; no model is loaded and nothing is started yet.
   *
   * @throws io.siameseonnx.server.gallery.GalleryStorageException when a gallery cannot be opened
   */
  public static SiameseServer create(ServerConfig config) {
    return new SiameseServer(config);
  }

  /**
   * Loads the models, starts HTTP, warms up and starts watching the repository.
   *
   * @throws ModelLoadException when the embedding model has no version that loads and warms up
   */
  public synchronized void start() throws ModelLoadException {
    hosts.load();
    app.start(config.host(), config.port());
    started = true;
    LOG.info("Listening on http://{}:{}", config.host(), app.port());
    if (config.grpcPort() != ServerConfig.GRPC_OFF) {
      grpc =
          Optional.of(
              GrpcServer.start(
                  config.host(),
                  Math.max(0, config.grpcPort()),
                  new InferenceModels(hosts, services, config.maxImagesPerRequest()),
                  new ApiKeyAuth(config.apiKeys()),
                  metrics,
                  config.maxBodyBytes()));
    }
    hosts.warmUp();
    services.galleries().ifPresent(GalleryService::startReembedding);
    hosts.startReloading();
  }

  /** Loads and installs the models without warming them up (readiness stays 503). */
  public void loadModel() throws ModelLoadException {
    hosts.load();
  }

  /**
   * Warms the loaded models up and turns readiness on; galleries built by another version start
   * re-embedding.
   */
  public void warmUp() throws ModelLoadException {
    hosts.warmUp();
    services.galleries().ifPresent(GalleryService::startReembedding);
  }

  /** The gRPC port, once started with gRPC on. */
  public OptionalInt grpcPort() {
    return grpc.map(g -> OptionalInt.of(g.port())).orElse(OptionalInt.empty());
  }

  /** The HTTP app (not started by {@link #create}). */
  public Javalin app() {
    return app;
  }

  /** The port the app listens on, once started. */
  public int port() {
    return app.port();
  }

  /** The services the app calls. */
  public Services services() {
    return services;
  }

  /** The embedding service. */
  public EmbeddingService embeddings() {
    return services.embeddings();
  }

  /** The served models. */
  public ModelHosts hosts() {
    return hosts;
  }

  /** The embedding model's manager (for reloads). */
  public ModelManager models() {
    return hosts.embedding().manager();
  }

  /** The embedding model's batcher. */
  public DynamicBatcher batcher() {
    return hosts.embedding().batcher();
  }

  /** The embedding model's slot. */
  public ModelSlot slot() {
    return hosts.embedding().slot();
  }

  /** The bound on pixels decoded at once. */
  public DecodeBudget decodeBudget() {
    return decodeBudget;
  }

  /** The metrics. */
  public ServerMetrics metrics() {
    return metrics;
  }

  /** The configuration. */
  public ServerConfig config() {
    return config;
  }

  /**
   * Stops gracefully: see the class comment. The whole stop takes at most the shutdown timeout
   * (plus a moment): requests still running then are cut off, and the clean-up (batchers, the
   * preprocessing pool, the models) runs whatever happened before it. Safe to call twice.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Duration timeout =
        config.shutdownTimeout().isZero() ? Duration.ofSeconds(10) : config.shutdownTimeout();
    long deadline = System.nanoTime() + timeout.toNanos();
    if (started) {
      LOG.info("Shutting down: finishing in-flight requests (up to {} s)", timeout.toSeconds());
    }
    hosts.drain();
    try {
      if (started) {
        stopHttp(deadline, timeout);
      }
    } finally {
      // gRPC calls in flight finish like HTTP's, within the same deadline.
      grpc.ifPresent(g -> g.close(remaining(deadline)));
      // After the requests: every acknowledged change is committed already; this only lets go of
      // the indexes (and cancels a re-embedding, which starts over at the next start) before the
      // models it uses are unloaded.
      galleryStore.ifPresent(SiameseServer::closeGalleries);
      reembedPool.shutdownNow();
      services.galleries().ifPresent(GalleryService::close);
      // Whatever was admitted is finished when time allows, even when HTTP is not waited for.
      hosts.close(remaining(deadline));
      preprocessPool.shutdownNow();
      try {
        preprocessPool.awaitTermination(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LOG.info("Stopped");
    }
  }

  /**
   * Stops HTTP on a thread of its own, waited for until the deadline (and a tenth of a second
   * more): Jetty's stop can outlast its own timeout by many seconds when request threads are busy
   * in work that does not heed interruption (decoding a very large image), and the clean-up must
   * not wait for that. Jetty's stop comes first: past the timeout it still stops everything, then
   * reports the requests it gave up on, which is said here in one line (Javalin's own stop would
   * log it as a stack trace). Javalin's stop then finds Jetty stopped and only tidies up.
   */
  private void stopHttp(long deadline, Duration timeout) {
    java.util.concurrent.atomic.AtomicBoolean cutOff =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread stopper =
        new Thread(
            () -> {
              try {
                app.jettyServer().server().stop();
              } catch (Exception e) {
                cutOff.set(true);
              }
              try {
                app.stop();
              } catch (RuntimeException e) {
                LOG.warn("Stopping HTTP failed: {}", e.getMessage());
              }
            },
            "http-stop");
    stopper.setDaemon(true);
    stopper.start();
    try {
      stopper.join(remaining(deadline).toMillis() + 100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopper.isAlive() || cutOff.get()) {
      LOG.warn(
          "In-flight requests did not finish within {} s; they were cut off", timeout.toSeconds());
    }
  }

  private static void closeGalleries(GalleryStore store) {
    try {
      store.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Closing the galleries failed: {}", e.toString());
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
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
