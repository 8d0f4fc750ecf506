package io.siameseonnx.server.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.repository.ModelRepository;
import io.siameseonnx.server.ServerApp;
import io.siameseonnx.server.ServerConfig;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.http.v1.ApiJson;
import io.siameseonnx.server.runtime.OnnxModel;
import io.siameseonnx.server.runtime.OrtRuntime;
import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.ImageWriting;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, in one run on one model: raw in-process ONNX Runtime throughput at batch 1 and at the
 * max batch size, then the server's throughput and latency over loopback HTTP at each concurrency,
 * with tensor and with PNG input. The server runs in this process on 127.0.0.1; the load generator
 * is a thread a connection with a minimal keep-alive client.
 */
public final class Benchmark {
  private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);
  private static final int DISTINCT_IMAGES = 64;

  private final BenchOptions options;
  private final ObjectMapper json = ApiJson.mapper();

  /** A benchmark with these options. */
  public Benchmark(BenchOptions options) {
    this.options = options;
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
    List<BenchReport.Result> results = new ArrayList<>();
    ModelCard card;
    String device;
    try (OnnxModel embedder =
        OnnxModel.load(version.modelFile(), version.number(), options.runtime())) {
      card = embedder.card();
      device = embedder.provider().wireName();
      float[][] images = preprocessedImages(card.preprocessing());
      results.add(raw(embedder, images, 1));
      results.add(raw(embedder, images, options.batching().maxBatchSize()));
    }
    PreprocessingSpec spec = card.preprocessing();
    List<byte[]> pngs = pngs();
    ImagePreprocessor preprocessor = new ImagePreprocessor(spec);
    List<byte[]> tensorRequests = new ArrayList<>();
    List<byte[]> pngRequests = new ArrayList<>();
    for (int i = 0; i < DISTINCT_IMAGES; i++) {
      List<Object> tensorImages = new ArrayList<>();
      List<Object> pngImages = new ArrayList<>();
      for (int k = 0; k < options.imagesPerRequest(); k++) {
        byte[] png = pngs.get((i + k) % pngs.size());
        tensorImages.add(
            Map.of(
                "tensor",
                preprocessor.fromBytes(png),
                "shape",
                new int[] {spec.channels(), spec.height(), spec.width()}));
        pngImages.add(Base64.getEncoder().encodeToString(png));
      }
      tensorRequests.add(request(Map.of("images", tensorImages)));
      pngRequests.add(request(Map.of("images", pngImages)));
    }
    ServerConfig config =
        ServerConfig.defaults(repo)
            .withAddress("127.0.0.1", 0)
            .withRuntime(options.runtime())
            .withBatching(options.batching(), Math.min(options.batching().queueCapacity(), 256))
            .withReloadInterval(Duration.ZERO);
    try (SiameseServer server = SiameseServer.create(config)) {
      server.start();
      for (String input : options.inputs()) {
        List<byte[]> requests = input.equals("png") ? pngRequests : tensorRequests;
        for (int concurrency : options.concurrency()) {
          results.add(http(server, input, requests, concurrency));
        }
      }
    }
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
            options.batching().maxBatchSize(),
            options.batching().maxQueueDelay().toNanos() / 1000,
            options.warmup().toMillis() / 1000.0,
            options.duration().toMillis() / 1000.0,
            options.pngSize(),
            (int) pngs.stream().mapToInt(p -> p.length).average().orElse(0),
            (int) tensorRequests.stream().mapToInt(r -> r.length).average().orElse(0),
            (int) pngRequests.stream().mapToInt(r -> r.length).average().orElse(0));
    BenchReport.Environment environment =
        new BenchReport.Environment(
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            OrtRuntime.environment().getVersion(),
            device);
    return new BenchReport(environment, model, settings, results, goals(results));
  }

  private byte[] request(Object body) throws IOException {
    return LoopbackClient.post(
        ServerApp.EMBEDDINGS, "application/json", json.writeValueAsBytes(body));
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

  private float[][] preprocessedImages(PreprocessingSpec spec) {
    ImagePreprocessor preprocessor = new ImagePreprocessor(spec);
    List<byte[]> pngs = pngs();
    float[][] images = new float[pngs.size()][];
    for (int i = 0; i < images.length; i++) {
      images[i] = preprocessor.fromBytes(pngs.get(i));
    }
    return images;
  }

  private BenchReport.Result raw(OnnxModel embedder, float[][] images, int batch) throws Exception {
    FloatBuffer buffer = embedder.allocate(batch);
    for (int i = 0; i < batch; i++) {
      buffer.put(images[i % images.length]);
    }
    int floats = batch * embedder.itemSize();
    LOG.info("raw ONNX Runtime, batch {}", batch);
    Latencies latencies = new Latencies();
    long start = System.nanoTime();
    long measureFrom = start + options.warmup().toNanos();
    long stopAt = measureFrom + options.duration().toNanos();
    long calls = 0;
    long cpuFrom = -1;
    while (true) {
      long t0 = System.nanoTime();
      if (t0 >= stopAt) {
        break;
      }
      if (cpuFrom < 0 && t0 >= measureFrom) {
        cpuFrom = processCpuNanos();
      }
      buffer.position(0).limit(floats);
      embedder.run(buffer, batch);
      long t1 = System.nanoTime();
      if (t0 >= measureFrom && t1 <= stopAt) {
        latencies.add(t1 - t0);
        calls++;
      }
    }
    double cores = (processCpuNanos() - cpuFrom) / (double) options.duration().toNanos();
    long[] sorted = Latencies.merged(List.of(latencies));
    double seconds = options.duration().toNanos() / 1e9;
    return new BenchReport.Result(
        "raw",
        "-",
        1,
        batch,
        calls * batch / seconds,
        Latencies.millis(sorted, 0.5),
        Latencies.millis(sorted, 0.99),
        calls,
        0,
        batch,
        cores,
        0,
        1);
  }

  private BenchReport.Result http(
      SiameseServer server, String input, List<byte[]> requests, int concurrency) throws Exception {
    LOG.info("HTTP, {} input, concurrency {}", input, concurrency);
    int port = server.port();
    long start = System.nanoTime();
    long measureFrom = start + options.warmup().toNanos();
    long stopAt = measureFrom + options.duration().toNanos();
    List<Latencies> all = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicLong clientCpu = new AtomicLong();
    ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
    List<Thread> threads = new ArrayList<>();
    double[] batchBefore = new double[3];
    double[] batchAfter = new double[3];
    for (int t = 0; t < concurrency; t++) {
      Latencies latencies = new Latencies();
      all.add(latencies);
      int offset = t;
      Thread thread =
          new Thread(
              () -> {
                long cpuFrom = -1;
                try (LoopbackClient client = new LoopbackClient(port)) {
                  int i = offset;
                  while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= stopAt) {
                      break;
                    }
                    if (cpuFrom < 0 && t0 >= measureFrom) {
                      cpuFrom = threadBean.getCurrentThreadCpuTime();
                    }
                    int status = client.exchange(requests.get(i++ % requests.size()));
                    long t1 = System.nanoTime();
                    if (t1 >= measureFrom && t1 <= stopAt) {
                      if (status == 200) {
                        latencies.add(t1 - t0);
                      } else {
                        errors.incrementAndGet();
                      }
                    }
                  }
                } catch (IOException e) {
                  failures.incrementAndGet();
                  LOG.warn("Load connection failed: {}", e.toString());
                }
                if (cpuFrom >= 0) {
                  clientCpu.addAndGet(threadBean.getCurrentThreadCpuTime() - cpuFrom);
                }
              },
              "load-" + t);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
    batchSnapshot(server, batchBefore);
    long cpuFrom = processCpuNanos();
    Thread.sleep(Math.max(0, (stopAt - System.nanoTime()) / 1_000_000));
    long cpuTo = processCpuNanos();
    for (Thread thread : threads) {
      thread.join();
    }
    batchSnapshot(server, batchAfter);
    long[] sorted = Latencies.merged(all);
    double seconds = options.duration().toNanos() / 1e9;
    double batches = batchAfter[0] - batchBefore[0];
    double meanBatch = batches > 0 ? (batchAfter[1] - batchBefore[1]) / batches : Double.NaN;
    return new BenchReport.Result(
        "http",
        input,
        concurrency,
        options.imagesPerRequest(),
        sorted.length * (double) options.imagesPerRequest() / seconds,
        Latencies.millis(sorted, 0.5),
        Latencies.millis(sorted, 0.99),
        sorted.length,
        errors.get() + failures.get(),
        meanBatch,
        (cpuTo - cpuFrom) / (double) options.duration().toNanos(),
        cpuTo > cpuFrom ? clientCpu.get() / (double) (cpuTo - cpuFrom) : 0,
        (batchAfter[2] - batchBefore[2]) / options.duration().toNanos());
  }

  /** CPU time of the whole process so far (all threads, native ones included). */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static void batchSnapshot(SiameseServer server, double[] into) {
    HistogramSnapshot snapshot =
        server.metrics().registry().get("siamese.batch.size").summary().takeSnapshot();
    into[0] = snapshot.count();
    into[1] = snapshot.total();
    into[2] =
        server
            .metrics()
            .registry()
            .get("siamese.inference")
            .tag("outcome", "ok")
            .timer()
            .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private List<BenchReport.Goal> goals(List<BenchReport.Result> results) {
    List<BenchReport.Goal> goals = new ArrayList<>();
    BenchReport.Result rawBatch = find(results, "raw", "-", 1, options.batching().maxBatchSize());
    BenchReport.Result rawSingle = find(results, "raw", "-", 1, 1);
    int top = 64; // the goals are stated at concurrency 64 and 1
    for (String input : options.inputs()) {
      double share = input.equals("png") ? 0.8 : 0.9;
      BenchReport.Result loaded = find(results, "http", input, top, options.imagesPerRequest());
      if (rawBatch != null && loaded != null) {
        goals.add(
            new BenchReport.Goal(
                input
                    + " input at concurrency "
                    + top
                    + " vs raw batch "
                    + rawBatch.imagesPerCall()
                    + " throughput",
                loaded.imagesPerSecond() / rawBatch.imagesPerSecond(),
                share,
                "x raw",
                loaded.imagesPerSecond() >= share * rawBatch.imagesPerSecond()));
      }
      BenchReport.Result single = find(results, "http", input, 1, options.imagesPerRequest());
      if (rawSingle != null && single != null) {
        goals.add(
            new BenchReport.Goal(
                input + " input at concurrency 1: p99 minus raw batch-1 p99",
                single.p99Ms() - rawSingle.p99Ms(),
                2.0,
                "ms",
                single.p99Ms() - rawSingle.p99Ms() <= 2.0));
      }
    }
    return goals;
  }

  private static BenchReport.Result find(
      List<BenchReport.Result> results,
      String scenario,
      String input,
      int concurrency,
      int perCall) {
    return results.stream()
        .filter(
            r ->
                r.scenario().equals(scenario)
                    && r.input().equals(input)
                    && r.concurrency() == concurrency
                    && r.imagesPerCall() == perCall)
        .findFirst()
        .orElse(null);
  }
}
