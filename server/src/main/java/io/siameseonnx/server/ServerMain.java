package io.siameseonnx.server;

import io.siameseonnx.server.bench.BenchCommand;
import io.siameseonnx.server.gallery.cli.GalleryCommand;
import io.siameseonnx.server.http.ApiKeys;
import io.siameseonnx.server.runtime.ModelLoadException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar siamese-server.jar [options]}: serves the newest embedding model of a
 * repository; {@code bench} measures it. Every option also reads a {@code SIAMESE_*} environment
 * variable; API keys come only from {@code SIAMESE_API_KEYS} or {@code --api-keys-file}.
 */
@Command(
    name = "siamese-server",
    mixinStandardHelpOptions = true,
    versionProvider = ServerMain.Version.class,
    subcommands = {BenchCommand.class, GalleryCommand.class},
    sortOptions = false,
    description = {
      "Serves embeddings, pair distances and 1:N matches of a Siamese ONNX model over HTTP,",
      "with dynamic batching on ONNX Runtime (CUDA or CPU) and hot reload of new versions."
    })
public final class ServerMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServerMain.class);

  @Option(
      names = "--model-repo",
      defaultValue = "${env:SIAMESE_MODEL_REPO:-models}",
      description =
          "Model repository (Triton layout). Env SIAMESE_MODEL_REPO. Default: ${DEFAULT-VALUE}")
  Path modelRepo;

  @Option(
      names = "--model-name",
      defaultValue = "${env:SIAMESE_MODEL_NAME:-" + ServerConfig.DEFAULT_MODEL_NAME + "}",
      description =
          "The embedding model's folder. Env SIAMESE_MODEL_NAME. Default: ${DEFAULT-VALUE}")
  String modelName;

  @Option(
      names = "--distance-model-name",
      defaultValue =
          "${env:SIAMESE_DISTANCE_MODEL_NAME:-" + ServerConfig.DEFAULT_DISTANCE_MODEL_NAME + "}",
      description =
          "The distance model's folder, served beside the embedding model when present. Env SIAMESE_DISTANCE_MODEL_NAME. Default: ${DEFAULT-VALUE}")
  String distanceModelName;

  @Option(
      names = "--host",
      defaultValue = "${env:SIAMESE_HOST:-0.0.0.0}",
      description = "Interface to listen on. Env SIAMESE_HOST. Default: ${DEFAULT-VALUE}")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:SIAMESE_PORT:-8080}",
      description = "Port. Env SIAMESE_PORT. Default: ${DEFAULT-VALUE}")
  int port;

  @Option(
      names = "--grpc-port",
      defaultValue = "${env:SIAMESE_GRPC_PORT:-" + ServerConfig.DEFAULT_GRPC_PORT + "}",
      description =
          "Port of the Open Inference Protocol over gRPC; 0 turns gRPC off. Env SIAMESE_GRPC_PORT. Default: ${DEFAULT-VALUE}")
  int grpcPort;

  @Mixin RuntimeArgs runtime;

  @Option(
      names = "--max-images-per-request",
      defaultValue = "${env:SIAMESE_MAX_IMAGES_PER_REQUEST:-256}",
      description =
          "Most images in one request (422 beyond). Env SIAMESE_MAX_IMAGES_PER_REQUEST. Default: ${DEFAULT-VALUE}")
  int maxImagesPerRequest;

  @Option(
      names = "--max-body-size",
      defaultValue = "${env:SIAMESE_MAX_BODY_SIZE:-16MB}",
      description =
          "Largest request body (413 beyond). Env SIAMESE_MAX_BODY_SIZE. Default: ${DEFAULT-VALUE}")
  String maxBodySize;

  @Option(
      names = "--preprocess-threads",
      defaultValue = "${env:SIAMESE_PREPROCESS_THREADS:-0}",
      description =
          "Threads sharing the decoding of multi-image requests; 0: one a core. Env SIAMESE_PREPROCESS_THREADS. Default: ${DEFAULT-VALUE}")
  int preprocessThreads;

  @Option(
      names = "--decode-budget",
      defaultValue = "${env:SIAMESE_DECODE_BUDGET:-0}",
      description =
          "Most memory decoded into at once over all requests (bytes, e.g. 512MB; larger images wait, then 429; a quarter is kept for small images); 0: a quarter of the heap. Env SIAMESE_DECODE_BUDGET. Default: ${DEFAULT-VALUE}")
  String decodeBudget;

  @Option(
      names = "--decode-wait",
      defaultValue = "${env:SIAMESE_DECODE_WAIT:-0}",
      description =
          "Longest wait of an image for its share of the decode budget before 429; 0: the request timeout. Env SIAMESE_DECODE_WAIT. Default: ${DEFAULT-VALUE}")
  String decodeWait;

  @Option(
      names = "--reload-interval",
      defaultValue = "${env:SIAMESE_RELOAD_INTERVAL:-5s}",
      description =
          "How often to look for a new model version; 0: never. Env SIAMESE_RELOAD_INTERVAL. Default: ${DEFAULT-VALUE}")
  String reloadInterval;

  @Option(
      names = "--request-timeout",
      defaultValue = "${env:SIAMESE_REQUEST_TIMEOUT:-30s}",
      description =
          "Longest wait for inference. Env SIAMESE_REQUEST_TIMEOUT. Default: ${DEFAULT-VALUE}")
  String requestTimeout;

  @Option(
      names = "--shutdown-timeout",
      defaultValue = "${env:SIAMESE_SHUTDOWN_TIMEOUT:-30s}",
      description =
          "Longest wait for in-flight requests on SIGTERM. Env SIAMESE_SHUTDOWN_TIMEOUT. Default: ${DEFAULT-VALUE}")
  String shutdownTimeout;

  @Option(
      names = "--header-timeout",
      defaultValue = "${env:SIAMESE_HEADER_TIMEOUT:-10s}",
      description =
          "Longest time a request's line and headers may take to arrive; slower clients are disconnected. Env SIAMESE_HEADER_TIMEOUT. Default: ${DEFAULT-VALUE}")
  String headerTimeout;

  @Option(
      names = "--min-body-rate",
      defaultValue = "${env:SIAMESE_MIN_BODY_RATE:-1KB}",
      description =
          "Slowest a request body may arrive, a second on average, from one header timeout after its headers; slower clients are disconnected (0: no limit). Env SIAMESE_MIN_BODY_RATE. Default: ${DEFAULT-VALUE}")
  String minBodyRate;

  @Option(
      names = "--max-connections",
      defaultValue = "${env:SIAMESE_MAX_CONNECTIONS:-1024}",
      description =
          "Most HTTP connections open at once; more wait to be accepted, and idle ones are closed after the header timeout while at the limit. Env SIAMESE_MAX_CONNECTIONS. Default: ${DEFAULT-VALUE}")
  int maxConnections;

  @Option(
      names = "--warmup-runs",
      defaultValue = "${env:SIAMESE_WARMUP_RUNS:-2}",
      description =
          "Warm-up passes before readiness. Env SIAMESE_WARMUP_RUNS. Default: ${DEFAULT-VALUE}")
  int warmupRuns;

  @Option(
      names = "--api-keys-file",
      defaultValue = "${env:SIAMESE_API_KEYS_FILE}",
      description =
          "File of API keys, one a line; with SIAMESE_API_KEYS (comma-separated), keys are required on every route but /health/* and /metrics. Env SIAMESE_API_KEYS_FILE.")
  Path apiKeysFile;

  @Option(
      names = "--gallery-dir",
      defaultValue = "${env:SIAMESE_GALLERY_DIR:-galleries}",
      description =
          "Folder of the galleries (one Lucene index each), created when missing. Env SIAMESE_GALLERY_DIR. Default: ${DEFAULT-VALUE}")
  Path galleryDir;

  @Spec CommandLine.Model.CommandSpec spec;

  /** Runs the server until the process is stopped; returns non-zero when start-up fails. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ServerConfig config;
    try {
      config = config(System.getenv("SIAMESE_API_KEYS"));
    } catch (IllegalArgumentException | IOException e) {
      err.println("siamese-server: " + e.getMessage());
      err.flush();
      return 2;
    }
    SiameseServer server;
    try {
      server = SiameseServer.create(config);
    } catch (RuntimeException e) {
      LOG.debug("Start-up failed", e);
      err.println("siamese-server: " + oneLine(e));
      err.flush();
      return 1;
    }
    try {
      server.start();
    } catch (ModelLoadException | RuntimeException e) {
      LOG.debug("Start-up failed", e);
      err.println("siamese-server: " + oneLine(e));
      err.flush();
      server.close();
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "graceful-shutdown"));
    try {
      new CountDownLatch(1)
          .await(); // until SIGTERM/SIGINT: the hook stops the server, then the JVM
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** The configuration from the parsed options and the API keys variable's value. */
  ServerConfig config(String apiKeysVariable) throws IOException {
    Set<String> keys = new LinkedHashSet<>(ApiKeys.parse(apiKeysVariable));
    if (apiKeysFile != null) {
      keys.addAll(ApiKeys.fromFile(apiKeysFile));
    }
    if (grpcPort < 0) {
      // The configuration's "any free port" (-1) is for tests and the benchmark, not a flag value.
      throw new IllegalArgumentException(
          "--grpc-port must be 0 (off) or 1..65535, got " + grpcPort);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    return new ServerConfig(
        modelRepo,
        modelName,
        distanceModelName,
        host,
        port,
        grpcPort,
        runtime.runtime(),
        runtime.batching(),
        maxImagesPerRequest,
        Units.bytes(maxBodySize),
        preprocessThreads == 0 ? cores : preprocessThreads,
        Units.bytes(decodeBudget),
        Units.duration(decodeWait),
        Units.duration(reloadInterval),
        Units.duration(requestTimeout),
        Units.duration(shutdownTimeout),
        Units.duration(headerTimeout),
        Units.bytes(minBodyRate),
        maxConnections,
        warmupRuns,
        keys,
        Optional.of(galleryDir));
  }

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new ServerMain()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** Reports the versions of the server's moving parts. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ServerMain.class.getPackage().getImplementationVersion();
      return new String[] {
        "siamese-server " + (version == null ? "(development build)" : version),
        "Java " + System.getProperty("java.version")
      };
    }
  }

  /** A start-up failure in one line: the message, and the cause's for wrapped exceptions. */
  static String oneLine(Exception e) {
    String message = e.getMessage();
    if (!(e instanceof ModelLoadException)
        && e.getCause() != null
        && e.getCause().getMessage() != null) {
      message = message + ": " + e.getCause().getMessage();
    }
    return message == null
        ? e.getClass().getSimpleName()
        : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " | ");
  }
}
