package io.siameseonnx.server.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.repository.ModelRepository;
import io.siameseonnx.server.ServerApp;
import io.siameseonnx.server.ServerConfig;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest.InferInputTensor;
import io.siameseonnx.server.http.v1.ApiJson;
import io.siameseonnx.server.runtime.OnnxModel;
import io.siameseonnx.server.runtime.OrtRuntime;
import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.ImageWriting;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, in one run on one model: raw in-process ONNX Runtime at batch 1, 32 and the max batch
 * size (latency, throughput and CPU an image); the HTTP floor (a bare route in the same Jetty and
 * Javalin set-up, answering a fixed JSON) with the same request bodies, and the same route on
 * Jetty's core API without the servlet layer ({@code core}); then the server at each concurrency
 * and number of images a request, with v1 tensor JSON, v1 PNG (base64 JSON), v2 binary tensors and
 * gRPC. The server runs in this process; the HTTP load comes from wrk when it is installed (else
 * from threads here, whose CPU is taken out), the gRPC load from a process of its own, so that the
 * process CPU clock measures what serving costs.
 */
public final class Benchmark {
  private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);
  private static final int DISTINCT_IMAGES = 64;
  private static final String V2_INFER = "/v2/models/siamese-embedding/infer";

  private final BenchOptions options;
  private final ObjectMapper json = ApiJson.mapper();
  private final Optional<Path> wrk;

  /** A benchmark with these options. */
  public Benchmark(BenchOptions options) {
    this.options = options;
    this.wrk = options.load().equals("java") ? Optional.empty() : WrkLoad.find();
    if (options.load().equals("wrk") && wrk.isEmpty()) {
      throw new IllegalArgumentException("--load wrk: wrk is not installed (apt-get install wrk)");
    }
  }

  /** Runs every scenario on the newest version of the model in the repository. */
  public BenchReport run() throws Exception {
    Path repo = options.modelRepo();
    ModelRepository.Version version =
        new ModelRepository(repo)
            .versions(options.modelName()).stream()
                .filter(ModelRepository.Version::hasModelFile)
                .reduce((first, second) -> second)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "no model version in "
                                + repo.resolve(options.modelName())
                                + "; train one first (java -jar"
                                + " trainer/target/siamese-trainer.jar train --model-repo "
                                + repo
                                + ") or pass --model-repo"));
    if (wrk.isEmpty()) {
      LOG.warn(
          "wrk is not installed: the HTTP load comes from threads in this process (their CPU is"
              + " taken out of the server's, but they compete for the cores; apt-get install wrk)");
    }
    List<List<BenchReport.Result>> runs = new ArrayList<>();
    ModelCard card = null;
    String device = null;
    List<byte[]> pngs = pngs();
    Map<String, Integer> bodyBytes = new LinkedHashMap<>();
    for (int run = 0; run < options.repeat(); run++) {
      if (options.repeat() > 1) {
        LOG.info("run {} of {}", run + 1, options.repeat());
      }
      // The JIT warm-ups run once: compiled code outlives the servers, which each run starts anew.
      Run measured = measure(version, pngs, run == 0, bodyBytes);
      runs.add(measured.results());
      card = measured.card();
      device = measured.device();
    }
    List<BenchReport.Result> results = RunMedians.of(runs);
    PreprocessingSpec spec = card.preprocessing();
    BenchReport.ModelSummary model =
        new BenchReport.ModelSummary(
            version.modelFile().toString(),
            version.number(),
            card.architecture(),
            List.of(spec.channels(), spec.height(), spec.width()),
            card.embeddingDimension());
    BenchReport.Settings settings =
        new BenchReport.Settings(
            options.runtime().intraOpThreads(),
            options.runtime().allowSpinning(),
            options.batching().instances(),
            options.batching().maxBatchSize(),
            options.batching().maxQueueDelay().toNanos() / 1000,
            options.warmup().toMillis() / 1000.0,
            options.duration().toMillis() / 1000.0,
            options.pngSize(),
            (int) pngs.stream().mapToInt(p -> p.length).average().orElse(0),
            bodyBytes,
            wrk.isPresent() ? "wrk" : "java threads in this process (wrk not installed)",
            Runtime.getRuntime().maxMemory() / (1024 * 1024));
    BenchReport.Environment environment =
        new BenchReport.Environment(
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            OrtRuntime.environment().getVersion(),
            device,
            collector());
    return new BenchReport(
        environment, model, settings, results, Goals.check(results, options.batching()), runs);
  }

  /** One run's rows, and the model's card and device as its raw inference found them. */
  private record Run(List<BenchReport.Result> results, ModelCard card, String device) {}

  /**
   * Measures every scenario once: raw inference, the floors, then the server; with {@code first},
   * after each kind's JIT warm-up. Notes each input's one-image body size in {@code bodyBytes}.
   */
  private Run measure(
      ModelRepository.Version version,
      List<byte[]> pngs,
      boolean first,
      Map<String, Integer> bodyBytes)
      throws Exception {
    Path repo = options.modelRepo();
    ModelCard card;
    String device;
    List<BenchReport.Result> results = new ArrayList<>();
    try (OnnxModel embedder =
        OnnxModel.load(version.modelFile(), version.number(), options.runtime())) {
      card = embedder.card();
      device = embedder.provider().wireName();
      float[][] images = preprocessed(card.preprocessing(), pngs);
      TreeSet<Integer> batches = new TreeSet<>(List.of(1, options.batching().maxBatchSize()));
      for (int n : options.imagesPerRequest()) {
        batches.add(Math.min(n, options.batching().maxBatchSize()));
      }
      for (int batch : batches) {
        results.add(raw(embedder, images, batch, 0));
      }
      long pause = options.rawPause().toNanos();
      if (pause > 0) {
        for (int batch : batches) {
          results.add(raw(embedder, images, batch, pause));
        }
      }
    }
    PreprocessingSpec spec = card.preprocessing();
    ImagePreprocessor preprocessor = new ImagePreprocessor(spec);
    float[][] tensors = preprocessed(spec, pngs);
    ServerConfig config =
        ServerConfig.defaults(repo)
            .withAddress("127.0.0.1", 0)
            .withGrpcPort(ServerConfig.GRPC_ANY_PORT)
            .withRuntime(options.runtime())
            .withBatching(options.batching(), Math.min(options.batching().queueCapacity(), 256))
            .withReloadInterval(Duration.ZERO);
    if (options.floor()) {
      for (String kind : List.of("floor", "core")) {
        try (FloorServer floor =
            kind.equals("floor")
                ? FloorServer.start(config.maxBodyBytes())
                : FloorServer.startCore(config.maxBodyBytes())) {
          boolean cold = true;
          for (String input : options.inputs()) {
            if (input.equals("grpc")) {
              continue;
            }
            List<HttpRequest> requests = httpRequests(input, 1, pngs, tensors);
            if (cold && first) {
              // The first HTTP scenario of the process would pay for Jetty's JIT compilation.
              jitWarmup(kind, floor.port(), 0, requests, List.of());
              cold = false;
            }
            for (int concurrency : options.concurrency()) {
              LOG.info("HTTP {}, {} body, concurrency {}", kind, input, concurrency);
              Load load = http(floor.port(), requests, concurrency);
              results.add(result(kind, input, concurrency, 1, load, Double.NaN, Double.NaN));
            }
          }
        }
      }
    }
    try (SiameseServer server = SiameseServer.create(config)) {
      server.start();
      for (String input : options.inputs()) {
        // Every request size the scenarios send, mixed: warmed on one-image requests only, a
        // 32-image gRPC request's first measured seconds still went to C2 (31% of the process's
        // CPU) and to deoptimisations of the paths only large messages take.
        List<HttpRequest> warmRequests = new ArrayList<>();
        List<ModelInferRequest> warmCalls = new ArrayList<>();
        for (int n : options.imagesPerRequest()) {
          if (input.equals("grpc")) {
            warmCalls.addAll(grpcRequests(n, tensors));
          } else {
            warmRequests.addAll(httpRequests(input, n, pngs, tensors));
          }
        }
        if (first) {
          jitWarmup(input, server.port(), server.grpcPort().orElse(0), warmRequests, warmCalls);
        }
        for (int n : options.imagesPerRequest()) {
          List<HttpRequest> requests =
              input.equals("grpc") ? List.of() : httpRequests(input, n, pngs, tensors);
          List<ModelInferRequest> calls =
              input.equals("grpc") ? grpcRequests(n, tensors) : List.of();
          if (n == 1 && !requests.isEmpty()) {
            bodyBytes.put(
                input, (int) requests.stream().mapToInt(r -> r.body().length).average().orElse(0));
          }
          for (int concurrency : options.concurrency()) {
            LOG.info(
                "server, {} input, {} images a request, concurrency {}", input, n, concurrency);
            double[] before = batchSnapshot(server);
            Load load =
                input.equals("grpc")
                    ? GrpcLoad.run(
                        server.grpcPort().orElseThrow(),
                        calls,
                        concurrency,
                        options.warmup(),
                        options.duration(),
                        options.minRequests())
                    : http(server.port(), requests, concurrency);
            double[] after = batchSnapshot(server);
            double batches = after[0] - before[0];
            results.add(
                result(
                    "server",
                    input,
                    concurrency,
                    n,
                    load,
                    batches > 0 ? (after[1] - before[1]) / batches : Double.NaN,
                    (after[2] - before[2]) / (load.seconds() * 1e9)));
          }
        }
      }
    }
    return new Run(results, card, device);
  }

  /**
   * The JVM's garbage collectors, e.g. "Copy, MarkSweepCompact" for the serial collector of the
   * README's launch command: the collector changes what a request costs (G1's barriers and threads
   * cost a 32-image binary request about a quarter more CPU than the serial collector here).
   */
  private static String collector() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName)
        .collect(Collectors.joining(", ", "collectors ", ""));
  }

  /** Unmeasured load, so that the scenarios after it measure compiled code. */
  private void jitWarmup(
      String what,
      int port,
      int grpcPort,
      List<HttpRequest> requests,
      List<ModelInferRequest> calls)
      throws IOException, InterruptedException {
    Duration time = options.jitWarmup();
    if (time.isZero()) {
      return;
    }
    int concurrency = options.concurrency().stream().max(Integer::compare).orElse(1);
    LOG.info("{}: {} s of unmeasured load for the JIT compiler", what, time.toSeconds());
    // In rounds, each on new connections, as every scenario's load is: one long load never
    // closed a connection, so the code that closes and opens them was compiled on the first
    // scenario's new connections, which also deoptimised Jetty's read path, and the JIT compiler
    // took 6-18 us a request of that scenario's measured CPU (one image, concurrency 64).
    int rounds = (int) Math.max(1, (time.toMillis() + JIT_ROUND_MILLIS - 1) / JIT_ROUND_MILLIS);
    Duration round = time.dividedBy(rounds);
    for (int i = 0; i < rounds; i++) {
      if (calls.isEmpty()) {
        if (wrk.isPresent()) {
          WrkLoad.run(wrk.get(), port, requests, concurrency, Duration.ZERO, round);
        } else {
          JavaLoad.run(port, requests, concurrency, Duration.ZERO, round, 0);
        }
      } else {
        GrpcLoad.run(grpcPort, calls, concurrency, Duration.ZERO, round, 0);
      }
    }
  }

  /** The longest round of the JIT warm-up's load. */
  private static final long JIT_ROUND_MILLIS = 5_000;

  private Load http(int port, List<HttpRequest> requests, int concurrency)
      throws IOException, InterruptedException {
    return wrk.isPresent()
        ? WrkLoad.run(wrk.get(), port, requests, concurrency, options.warmup(), options.duration())
        : JavaLoad.run(
            port,
            requests,
            concurrency,
            options.warmup(),
            options.duration(),
            options.minRequests());
  }

  private static BenchReport.Result result(
      String scenario,
      String input,
      int concurrency,
      int images,
      Load load,
      double meanBatch,
      double inferenceBusy) {
    double perRequest = load.requests() == 0 ? Double.NaN : load.cpuNanos() / 1e3 / load.requests();
    return new BenchReport.Result(
        scenario,
        input,
        concurrency,
        images,
        load.requests() * (double) images / load.seconds(),
        load.p50Ms(),
        load.p99Ms(),
        load.requests(),
        load.errors(),
        meanBatch,
        load.cpuNanos() / (load.seconds() * 1e9),
        perRequest,
        perRequest / images,
        load.requests() == 0 ? Double.NaN : load.jitNanos() / 1e3 / load.requests(),
        inferenceBusy,
        ProcessStats.residentMb(),
        load.generator());
  }

  /** {@code DISTINCT_IMAGES} requests of {@code n} images each, cycling through the images. */
  private List<HttpRequest> httpRequests(String input, int n, List<byte[]> pngs, float[][] tensors)
      throws IOException {
    List<HttpRequest> requests = new ArrayList<>();
    for (int i = 0; i < DISTINCT_IMAGES; i++) {
      List<Object> images = new ArrayList<>();
      float[][] batch = new float[n][];
      for (int k = 0; k < n; k++) {
        int at = (i + k) % pngs.size();
        batch[k] = tensors[at];
        images.add(
            input.equals("png")
                ? Base64.getEncoder().encodeToString(pngs.get(at))
                : Map.of("tensor", tensors[at], "shape", new int[] {1, 32, 32}));
      }
      if (input.equals("binary")) {
        requests.add(binary(batch));
      } else {
        requests.add(
            new HttpRequest(
                ServerApp.EMBEDDINGS,
                Map.of("Content-Type", "application/json"),
                json.writeValueAsBytes(Map.of("images", images))));
      }
    }
    return requests;
  }

  /** A v2 request with the images as a binary FP32 input and the embeddings asked as binary. */
  private HttpRequest binary(float[][] images) throws IOException {
    int size = images[0].length;
    byte[] header =
        json.writeValueAsBytes(
            Map.of(
                "inputs",
                List.of(
                    Map.of(
                        "name",
                        "image",
                        "datatype",
                        "FP32",
                        "shape",
                        List.of(images.length, 1, 32, 32),
                        "parameters",
                        Map.of("binary_data_size", images.length * size * Float.BYTES))),
                "parameters",
                Map.of("binary_data_output", true)));
    byte[] data = littleEndian(images);
    byte[] body = new byte[header.length + data.length];
    System.arraycopy(header, 0, body, 0, header.length);
    System.arraycopy(data, 0, body, header.length, data.length);
    return new HttpRequest(
        V2_INFER,
        Map.of(
            "Content-Type",
            "application/octet-stream",
            "Inference-Header-Content-Length",
            Integer.toString(header.length)),
        body);
  }

  private static List<ModelInferRequest> grpcRequests(int n, float[][] tensors) {
    List<ModelInferRequest> requests = new ArrayList<>();
    for (int i = 0; i < DISTINCT_IMAGES; i++) {
      float[][] batch = new float[n][];
      for (int k = 0; k < n; k++) {
        batch[k] = tensors[(i + k) % tensors.length];
      }
      requests.add(
          ModelInferRequest.newBuilder()
              .setModelName("siamese-embedding")
              .addInputs(
                  InferInputTensor.newBuilder()
                      .setName("image")
                      .setDatatype("FP32")
                      .addAllShape(List.of((long) n, 1L, 32L, 32L)))
              .addRawInputContents(ByteString.copyFrom(littleEndian(batch)))
              .build());
    }
    return requests;
  }

  private static byte[] littleEndian(float[][] images) {
    ByteBuffer bytes =
        ByteBuffer.allocate(images.length * images[0].length * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer floats = bytes.asFloatBuffer();
    for (float[] image : images) {
      floats.put(image);
    }
    return bytes.array();
  }

  private List<byte[]> pngs() {
    Random random = new Random(7);
    List<byte[]> pngs = new ArrayList<>();
    int size = options.pngSize();
    for (int i = 0; i < DISTINCT_IMAGES; i++) {
      pngs.add(ImageWriting.grayPng(strokes(random, size), size, size));
    }
    return pngs;
  }

  /**
   * A digit-like image: a few soft strokes on a light background, so PNGs compress as real ones.
   */
  private static float[] strokes(Random random, int size) {
    float[] pixels = new float[size * size];
    java.util.Arrays.fill(pixels, 1f);
    for (int s = 0; s < 3; s++) {
      double x = random.nextDouble() * size;
      double y = random.nextDouble() * size;
      double dx = random.nextGaussian();
      double dy = random.nextGaussian();
      for (int step = 0; step < size; step++) {
        int cx = (int) x;
        int cy = (int) y;
        for (int oy = -1; oy <= 1; oy++) {
          for (int ox = -1; ox <= 1; ox++) {
            int px = cx + ox;
            int py = cy + oy;
            if (px >= 0 && py >= 0 && px < size && py < size) {
              pixels[py * size + px] =
                  Math.min(pixels[py * size + px], (float) (0.1 + 0.2 * random.nextDouble()));
            }
          }
        }
        x += dx;
        y += dy;
      }
    }
    return pixels;
  }

  private static float[][] preprocessed(PreprocessingSpec spec, List<byte[]> pngs) {
    ImagePreprocessor preprocessor = new ImagePreprocessor(spec);
    float[][] images = new float[pngs.size()][];
    for (int i = 0; i < images.length; i++) {
      images[i] = preprocessor.fromBytes(pngs.get(i));
    }
    return images;
  }

  /**
   * Raw inference in a loop on this thread; with {@code pauseNanos}, parked that long after each
   * call (its result's input then reads {@code pause}).
   */
  private BenchReport.Result raw(OnnxModel embedder, float[][] images, int batch, long pauseNanos)
      throws Exception {
    FloatBuffer buffer = embedder.allocate(batch);
    for (int i = 0; i < batch; i++) {
      buffer.put(images[i % images.length]);
    }
    int floats = batch * embedder.itemSize();
    LOG.info(
        "raw ONNX Runtime, batch {}{}",
        batch,
        pauseNanos > 0 ? ", " + pauseNanos / 1000 + " us pause between calls" : "");
    Latencies latencies = new Latencies();
    Window window = new Window(options.warmup(), options.duration(), options.minRequests());
    long calls = 0;
    long cpuFrom = -1;
    long jitFrom = 0;
    long measuredFrom = 0;
    long measuredTo = 0;
    while (!window.over(System.nanoTime())) {
      long t0 = System.nanoTime();
      if (cpuFrom < 0 && window.open(t0)) {
        cpuFrom = ProcessStats.cpuNanos();
        jitFrom = ProcessStats.compilerNanos();
        measuredFrom = t0;
      }
      buffer.position(0).limit(floats);
      embedder.run(buffer, batch);
      long t1 = System.nanoTime();
      if (cpuFrom >= 0) {
        latencies.add(t1 - t0);
        calls++;
        measuredTo = t1;
        window.measures(t1);
      }
      if (pauseNanos > 0) {
        LockSupport.parkNanos(pauseNanos);
      }
    }
    long cpu = ProcessStats.cpuNanos() - cpuFrom;
    long jit = ProcessStats.compilerNanos() - jitFrom;
    long[] sorted = Latencies.merged(List.of(latencies));
    double seconds = (measuredTo - measuredFrom) / 1e9;
    Load load =
        new Load(
            calls,
            0,
            Latencies.millis(sorted, 0.5),
            Latencies.millis(sorted, 0.99),
            seconds,
            cpu,
            jit,
            "in-process");
    return result("raw", pauseNanos > 0 ? "pause" : "-", 1, batch, load, batch, 1);
  }

  private static double[] batchSnapshot(SiameseServer server) {
    String model = server.hosts().embedding().name();
    HistogramSnapshot snapshot =
        server
            .metrics()
            .registry()
            .get("siamese.batch.size")
            .tag("model", model)
            .summary()
            .takeSnapshot();
    return new double[] {
      snapshot.count(),
      snapshot.total(),
      server
          .metrics()
          .registry()
          .get("siamese.inference")
          .tag("model", model)
          .tag("outcome", "ok")
          .timer()
          .totalTime(TimeUnit.NANOSECONDS)
    };
  }
}
