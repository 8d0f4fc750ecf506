package io.siameseonnx.server;

import io.siameseonnx.model.card.ModelKind;
import io.siameseonnx.server.batching.BatcherOptions;
import io.siameseonnx.server.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything the server is configured with.
 *
 * @param modelRepo the model repository's root
 * @param modelName the embedding model's folder in it
 * @param distanceModelName the distance model's folder in it (served when it exists at start-up)
 * @param host the interface to listen on
 * @param port the port (0: any free port)
 * @param grpcPort the gRPC port ({@link #GRPC_OFF}: no gRPC; {@link #GRPC_ANY_PORT}: any free port,
 *     for tests and the benchmark)
 * @param runtime how ONNX Runtime sessions are created
 * @param batching the dynamic batcher's settings
 * @param maxImagesPerRequest the most images one request may hold (at most the queue capacity)
 * @param maxBodyBytes the largest request body accepted
 * @param preprocessThreads threads that share the decoding of multi-image requests
 * @param decodeBudgetBytes the most bytes decoded into at once over all requests (0: a quarter of
 *     the heap)
 * @param decodeWait how long an image waits for its share of the decode budget (zero: the request
 *     timeout)
 * @param reloadInterval how often the repository is checked for new versions (zero: never)
 * @param requestTimeout how long a request waits for inference
 * @param shutdownTimeout how long a graceful shutdown waits for in-flight requests
 * @param headerTimeout how long a request's line and headers may take to arrive (slow clients are
 *     disconnected)
 * @param maxConnections the most HTTP connections open at once; more wait to be accepted (and idle
 *     ones are closed after a header timeout while the server is at the limit)
 * @param minBodyRate the slowest a request's body may arrive, in bytes a second on average from one
 *     header timeout after its headers (slower clients are disconnected; 0: no limit)
 * @param warmupRuns warm-up passes before readiness
 * @param apiKeys accepted bearer tokens; empty: no auth
 * @param galleryDir the folder of the galleries (one Lucene index each); empty: no gallery API
 */
public record ServerConfig(
    Path modelRepo,
    String modelName,
    String distanceModelName,
    String host,
    int port,
    int grpcPort,
    RuntimeOptions runtime,
    BatcherOptions batching,
    int maxImagesPerRequest,
    long maxBodyBytes,
    int preprocessThreads,
    long decodeBudgetBytes,
    Duration decodeWait,
    Duration reloadInterval,
    Duration requestTimeout,
    Duration shutdownTimeout,
    Duration headerTimeout,
    long minBodyRate,
    int maxConnections,
    int warmupRuns,
    Set<String> apiKeys,
    Optional<Path> galleryDir) {

  /** The embedding model's folder name in the trainer's export. */
  public static final String DEFAULT_MODEL_NAME = ModelKind.EMBEDDING_NAME;

  /** The distance model's folder name in the trainer's export. */
  public static final String DEFAULT_DISTANCE_MODEL_NAME = ModelKind.DISTANCE_NAME;

  /** The gRPC port Triton listens on, and ours unless told otherwise. */
  public static final int DEFAULT_GRPC_PORT = 8001;

  /** The slowest a body may arrive by default, in bytes a second: 1 KB. */
  public static final long DEFAULT_MIN_BODY_RATE = 1024;

  /** The most HTTP connections open at once by default. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;

  /** A gRPC port of 0 turns gRPC off. */
  public static final int GRPC_OFF = 0;

  /** A gRPC port of -1 takes any free port (tests and the benchmark). */
  public static final int GRPC_ANY_PORT = -1;

  /** Checks the values and copies the keys. */
  public ServerConfig {
    apiKeys = Set.copyOf(apiKeys);
    Objects.requireNonNull(galleryDir, "galleryDir");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (grpcPort < GRPC_ANY_PORT || grpcPort > 65_535) {
      throw new IllegalArgumentException("gRPC port must be 0 (off) or 1..65535, got " + grpcPort);
    }
    if (maxImagesPerRequest < 1 || maxImagesPerRequest > batching.queueCapacity()) {
      throw new IllegalArgumentException(
          "max images per request ("
              + maxImagesPerRequest
              + ") must be 1..the queue capacity ("
              + batching.queueCapacity()
              + ")");
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("max body size must be at least 1 KB");
    }
    if (preprocessThreads < 0 || warmupRuns < 0 || decodeBudgetBytes < 0) {
      throw new IllegalArgumentException(
          "preprocess threads, decode budget and warm-up runs must not be negative");
    }
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException("the header timeout must be positive");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("max connections must be at least 1");
    }
    if (minBodyRate < 0) {
      throw new IllegalArgumentException("the minimum body rate must not be negative");
    }
    if (decodeWait.isNegative()) {
      throw new IllegalArgumentException("the decode wait must not be negative");
    }
    if (reloadInterval.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("reload interval must be >= 0 and request timeout > 0");
    }
  }

  /**
   * Defaults for a repository: port 8080 (gRPC 8001), CPU with one ONNX Runtime thread an operator
   * and one batch at a time a core, batch 64 with a 2 ms delay, 16 MB bodies, no galleries (the
   * command line's default folder is {@code galleries}).
   */
  public static ServerConfig defaults(Path modelRepo) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new ServerConfig(
        modelRepo,
        DEFAULT_MODEL_NAME,
        DEFAULT_DISTANCE_MODEL_NAME,
        "0.0.0.0",
        8080,
        DEFAULT_GRPC_PORT,
        RuntimeOptions.cpu(1),
        BatcherOptions.defaults(),
        256,
        16L * 1024 * 1024,
        cores,
        0,
        Duration.ZERO,
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        DEFAULT_MIN_BODY_RATE,
        DEFAULT_MAX_CONNECTIONS,
        2,
        Set.of(),
        Optional.empty());
  }

  /** The repository folder name of each kind of model. */
  public String modelName(ModelKind kind) {
    return kind == ModelKind.EMBEDDING ? modelName : distanceModelName;
  }

  /** A copy listening on another host and port. */
  public ServerConfig withAddress(String newHost, int newPort) {
    return copy(
        c -> {
          c.host = newHost;
          c.port = newPort;
        });
  }

  /** A copy with another gRPC port ({@link #GRPC_OFF}: none; {@link #GRPC_ANY_PORT}: any). */
  public ServerConfig withGrpcPort(int newGrpcPort) {
    return copy(c -> c.grpcPort = newGrpcPort);
  }

  /** A copy with other ONNX Runtime options. */
  public ServerConfig withRuntime(RuntimeOptions newRuntime) {
    return copy(c -> c.runtime = newRuntime);
  }

  /** A copy with other batcher settings. */
  public ServerConfig withBatching(BatcherOptions newBatching, int newMaxImagesPerRequest) {
    return copy(
        c -> {
          c.batching = newBatching;
          c.maxImagesPerRequest = newMaxImagesPerRequest;
        });
  }

  /** A copy with another body limit. */
  public ServerConfig withMaxBodyBytes(long newMaxBodyBytes) {
    return copy(c -> c.maxBodyBytes = newMaxBodyBytes);
  }

  /** A copy with another reload interval. */
  public ServerConfig withReloadInterval(Duration newInterval) {
    return copy(c -> c.reloadInterval = newInterval);
  }

  /** A copy with another header timeout. */
  public ServerConfig withHeaderTimeout(Duration newTimeout) {
    return copy(c -> c.headerTimeout = newTimeout);
  }

  /** A copy with another minimum body rate (bytes a second; 0: no limit). */
  public ServerConfig withMinBodyRate(long newRate) {
    return copy(c -> c.minBodyRate = newRate);
  }

  /** A copy with another limit on open HTTP connections. */
  public ServerConfig withMaxConnections(int newMax) {
    return copy(c -> c.maxConnections = newMax);
  }

  /** A copy with another request timeout. */
  public ServerConfig withRequestTimeout(Duration newTimeout) {
    return copy(c -> c.requestTimeout = newTimeout);
  }

  /** A copy with another longest wait for the decode budget (zero: the request timeout). */
  public ServerConfig withDecodeWait(Duration newWait) {
    return copy(c -> c.decodeWait = newWait);
  }

  /** How long an image waits for its share of the decode budget. */
  public Duration effectiveDecodeWait() {
    return decodeWait.isZero() ? requestTimeout : decodeWait;
  }

  /** A copy with another decode budget (bytes; 0: from the heap). */
  public ServerConfig withDecodeBudget(long newBytes) {
    return copy(c -> c.decodeBudgetBytes = newBytes);
  }

  /** A copy with other API keys. */
  public ServerConfig withApiKeys(Set<String> newKeys) {
    return copy(c -> c.apiKeys = newKeys);
  }

  /** A copy that serves the galleries in {@code folder}. */
  public ServerConfig withGalleryDir(Path folder) {
    return copy(c -> c.galleryDir = Optional.of(folder));
  }

  /** A copy with other thread, timeout and warm-up settings. */
  public ServerConfig withTuning(
      int newPreprocessThreads, Duration newShutdownTimeout, int newWarmupRuns) {
    return copy(
        c -> {
          c.preprocessThreads = newPreprocessThreads;
          c.shutdownTimeout = newShutdownTimeout;
          c.warmupRuns = newWarmupRuns;
        });
  }

  private ServerConfig copy(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return c.build();
  }

  /** The fields of a config being copied with changes; checked again when built. */
  private static final class Copy {
    private final Path modelRepo;
    private final String modelName;
    private final String distanceModelName;
    private String host;
    private int port;
    private int grpcPort;
    private RuntimeOptions runtime;
    private BatcherOptions batching;
    private int maxImagesPerRequest;
    private long maxBodyBytes;
    private int preprocessThreads;
    private long decodeBudgetBytes;
    private Duration decodeWait;
    private Duration reloadInterval;
    private Duration requestTimeout;
    private Duration shutdownTimeout;
    private Duration headerTimeout;
    private long minBodyRate;
    private int maxConnections;
    private int warmupRuns;
    private Set<String> apiKeys;
    private Optional<Path> galleryDir;

    private Copy(ServerConfig from) {
      modelRepo = from.modelRepo;
      modelName = from.modelName;
      distanceModelName = from.distanceModelName;
      host = from.host;
      port = from.port;
      grpcPort = from.grpcPort;
      runtime = from.runtime;
      batching = from.batching;
      maxImagesPerRequest = from.maxImagesPerRequest;
      maxBodyBytes = from.maxBodyBytes;
      preprocessThreads = from.preprocessThreads;
      decodeBudgetBytes = from.decodeBudgetBytes;
      decodeWait = from.decodeWait;
      reloadInterval = from.reloadInterval;
      requestTimeout = from.requestTimeout;
      shutdownTimeout = from.shutdownTimeout;
      headerTimeout = from.headerTimeout;
      minBodyRate = from.minBodyRate;
      maxConnections = from.maxConnections;
      warmupRuns = from.warmupRuns;
      apiKeys = from.apiKeys;
      galleryDir = from.galleryDir;
    }

    private ServerConfig build() {
      return new ServerConfig(
          modelRepo,
          modelName,
          distanceModelName,
          host,
          port,
          grpcPort,
          runtime,
          batching,
          maxImagesPerRequest,
          maxBodyBytes,
          preprocessThreads,
          decodeBudgetBytes,
          decodeWait,
          reloadInterval,
          requestTimeout,
          shutdownTimeout,
          headerTimeout,
          minBodyRate,
          maxConnections,
          warmupRuns,
          apiKeys,
          galleryDir);
    }
  }
}
