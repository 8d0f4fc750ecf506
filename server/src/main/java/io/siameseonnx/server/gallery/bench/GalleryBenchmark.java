package io.siameseonnx.server.gallery.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.server.gallery.BulkLoad;
import io.siameseonnx.server.gallery.BulkLoadResult;
import io.siameseonnx.server.gallery.Gallery;
import io.siameseonnx.server.gallery.GallerySettings;
import io.siameseonnx.server.gallery.GalleryStore;
import io.siameseonnx.server.gallery.ModelRef;
import io.siameseonnx.server.gallery.ModelStamp;
import io.siameseonnx.server.gallery.NewExample;
import io.siameseonnx.server.gallery.StoredExample;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.io.AtomicFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the gallery benchmark: generates the vectors, computes the exact neighbours, then for each
 * configuration bulk-loads a gallery (timed), drops its files from the page cache, has a fresh
 * probe process open and search it, and measures recall against the exact neighbours.
 */
public final class GalleryBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(GalleryBenchmark.class);
  private static final String GALLERY = "bench";
  private static final int LOAD_BATCH = 256;

  /**
   * How to run.
   *
   * @param vectors data vectors
   * @param dimension their dimension
   * @param clusters subjects
   * @param spread noise around a centre
   * @param tensorFloats floats of each stored tensor
   * @param queries queries timed
   * @param recallQueries queries whose recall is measured (the first ones)
   * @param k neighbours a query
   * @param candidates candidate counts measured
   * @param warmup unmeasured searches before the timed ones
   * @param configs the configurations
   * @param workDir where galleries are built
   * @param keep keep the galleries afterwards
   * @param probeJvmArgs JVM options of the probe process
   * @param onlineThreads callers of the online enrolment scenario (0: skip it)
   * @param onlineSeconds its duration
   * @param seed the generator's seed
   */
  public record Options(
      int vectors,
      int dimension,
      int clusters,
      double spread,
      int tensorFloats,
      int queries,
      int recallQueries,
      int k,
      List<Integer> candidates,
      int warmup,
      List<BenchConfig> configs,
      Path workDir,
      boolean keep,
      List<String> probeJvmArgs,
      int onlineThreads,
      double onlineSeconds,
      long seed) {}

  private final Options options;
  private final ClusteredVectors generator;
  private final ModelStamp model;
  private final float[] tensorPool;

  /** A benchmark with these options. */
  public GalleryBenchmark(Options options) {
    this.options = options;
    this.generator =
        new ClusteredVectors(
            options.dimension(), options.clusters(), options.spread(), options.seed());
    this.model =
        new ModelStamp(
            "bench-embedding",
            1,
            "bench",
            options.dimension(),
            Metric.EUCLIDEAN,
            1.0,
            List.of(1, 1, options.tensorFloats()));
    // Tensors are slices of a pool of pixel-like values (multiples of 1/255), as images give.
    Random random = new Random(options.seed());
    this.tensorPool = new float[1 << 20];
    for (int i = 0; i < tensorPool.length; i++) {
      tensorPool[i] = random.nextInt(256) / 255f;
    }
  }

  /** Something that takes the report so far, after each configuration. */
  @FunctionalInterface
  public interface Progress {
    /** Takes the report of the configurations measured so far. */
    void measured(GalleryBenchReport soFar) throws IOException;
  }

  /**
   * Runs every configuration and returns the report; {@code progress} gets the report so far after
   * each configuration (a long run can be stopped without losing what it measured).
   */
  public GalleryBenchReport run(Progress progress) throws Exception {
    double loadBefore = load();
    LOG.info("generating {} vectors and {} queries", options.vectors(), options.queries());
    float[][] data = generate(options.vectors(), generator::vector);
    float[][] queries = generate(options.queries(), generator::query);
    Files.createDirectories(options.workDir());
    Path queryFile = options.workDir().resolve("queries.f32");
    GalleryProbe.writeQueries(queryFile, queries);

    LOG.info("exact neighbours of {} queries by a full scan", options.recallQueries());
    long t0 = System.nanoTime();
    int[][] exact =
        ExactSearch.nearest(
            data,
            Arrays.copyOf(queries, options.recallQueries()),
            options.k(),
            Runtime.getRuntime().availableProcessors());
    double exactSeconds = (System.nanoTime() - t0) / 1e9;

    boolean dropped = true;
    List<GalleryBenchReport.ConfigResult> results = new ArrayList<>();
    for (BenchConfig config : options.configs()) {
      Path root = options.workDir().resolve(config.name());
      AtomicFiles.deleteRecursively(root);
      try {
        LOG.info("config {}: building", config.name());
        Build build = build(root, config, data);
        double diskMb = sizeMb(root);
        dropped &= PageCache.drop(root);
        double cachedMb = PageCache.residentMb(root);
        LOG.info("config {}: probing", config.name());
        ProbeResult probe = probe(root, config, queryFile);
        results.add(result(config, build, diskMb, cachedMb, probe, exact));
        progress.measured(report(loadBefore, dropped, exactSeconds, results, noOnline()));
      } finally {
        if (!options.keep()) {
          AtomicFiles.deleteRecursively(root);
        }
      }
    }
    GalleryBenchReport.Online online = noOnline();
    if (options.onlineThreads() > 0 && !options.configs().isEmpty()) {
      online = online(options.configs().get(0), data);
    }
    return report(loadBefore, dropped, exactSeconds, results, online);
  }

  private static GalleryBenchReport.Online noOnline() {
    return new GalleryBenchReport.Online(0, 0, 0, 0, 0, 0);
  }

  private GalleryBenchReport report(
      double loadBefore,
      boolean dropped,
      double exactSeconds,
      List<GalleryBenchReport.ConfigResult> results,
      GalleryBenchReport.Online online) {
    GalleryBenchReport.Environment environment =
        new GalleryBenchReport.Environment(
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            Version.LATEST.toString(),
            loadBefore,
            load(),
            options.probeJvmArgs(),
            dropped);
    GalleryBenchReport.Data dataSummary =
        new GalleryBenchReport.Data(
            options.vectors(),
            options.dimension(),
            options.clusters(),
            options.spread(),
            options.tensorFloats(),
            options.queries(),
            options.recallQueries(),
            options.k(),
            options.seed());
    return new GalleryBenchReport(
        environment,
        dataSummary,
        exactSeconds,
        List.copyOf(results),
        online,
        GalleryGoals.check(results));
  }

  /** A bulk load's result with the process CPU time it took. */
  private record Build(BulkLoadResult result, double loadCpuSeconds, double mergeCpuSeconds) {}

  private Build build(Path root, BenchConfig config, float[][] data) throws Exception {
    try (GalleryStore store = GalleryStore.open(root, config.options())) {
      store.create(GALLERY, GallerySettings.NONE, model);
      Gallery gallery = store.gallery(GALLERY);
      try (BulkLoad load = gallery.bulkLoad(config.mergeWhileLoading())) {
        long cpu0 = processCpuNanos();
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(config.threads());
        try {
          List<Future<?>> feeders = new ArrayList<>();
          for (int t = 0; t < config.threads(); t++) {
            feeders.add(pool.submit(() -> feed(load, next, data)));
          }
          for (Future<?> f : feeders) {
            f.get();
          }
        } finally {
          pool.shutdownNow();
        }
        long cpu1 = processCpuNanos();
        BulkLoadResult result = load.finish(config.forceMerge());
        long cpu2 = processCpuNanos();
        LOG.info("config {}: {}", config.name(), result);
        // The final commit's CPU belongs to loading; it is small beside the merge.
        return new Build(result, (cpu1 - cpu0) / 1e9, (cpu2 - cpu1) / 1e9);
      }
    }
  }

  private Void feed(BulkLoad load, AtomicLong next, float[][] data) {
    ModelRef ref = ModelRef.of(model);
    Instant now = Instant.now();
    while (true) {
      long from = next.getAndAdd(LOAD_BATCH);
      if (from >= data.length) {
        return null;
      }
      int to = (int) Math.min(data.length, from + LOAD_BATCH);
      List<StoredExample> batch = new ArrayList<>(to - (int) from);
      for (int i = (int) from; i < to; i++) {
        batch.add(
            new StoredExample(
                "v" + i,
                "s" + generator.cluster(i),
                Optional.empty(),
                ref,
                now,
                data[i],
                tensor(i)));
      }
      load.add(batch);
    }
  }

  private float[] tensor(long i) {
    int length = options.tensorFloats();
    int offset = (int) ((i * 7919) % (tensorPool.length - length));
    return Arrays.copyOfRange(tensorPool, offset, offset + length);
  }

  private ProbeResult probe(Path root, BenchConfig config, Path queryFile) throws Exception {
    ObjectMapper json = ModelCards.mapper();
    Path request = options.workDir().resolve("probe-request.json");
    Path response = options.workDir().resolve("probe-result.json");
    Files.deleteIfExists(response);
    json.writeValue(
        request.toFile(),
        new ProbeRequest(
            root.toString(),
            GALLERY,
            config.options(),
            queryFile.toString(),
            options.queries(),
            options.k(),
            options.candidates(),
            options.warmup()));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options.probeJvmArgs());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(GalleryProbe.class.getName());
    command.add(request.toString());
    command.add(response.toString());
    Path log = options.workDir().resolve("probe-" + config.name() + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(30, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("the probe for " + config.name() + " did not finish; see " + log);
    }
    if (process.exitValue() != 0 || !Files.exists(response)) {
      throw new IOException(
          "the probe for "
              + config.name()
              + " failed (exit "
              + process.exitValue()
              + "); see "
              + log);
    }
    return json.readValue(response.toFile(), ProbeResult.class);
  }

  private GalleryBenchReport.ConfigResult result(
      BenchConfig config,
      Build measured,
      double diskMb,
      double cachedMb,
      ProbeResult probe,
      int[][] exact) {
    BulkLoadResult build = measured.result();
    List<GalleryBenchReport.SearchRow> rows = new ArrayList<>();
    for (ProbeResult.Pass pass : probe.passes()) {
      int[][] found = Arrays.copyOf(pass.found(), exact.length);
      rows.add(
          new GalleryBenchReport.SearchRow(
              pass.candidates(),
              pass.p50Ms(),
              pass.p99Ms(),
              pass.meanMs(),
              pass.cpuP50Ms(),
              pass.cpuP99Ms(),
              ExactSearch.recall(exact, found)));
    }
    double loadSeconds = build.indexSeconds() + build.commitSeconds();
    var o = config.options();
    return new GalleryBenchReport.ConfigResult(
        config.name(),
        BenchConfig.PRESETS.getOrDefault(config.name(), ""),
        config.threads(),
        o.maxConn(),
        o.beamWidth(),
        o.quantization().name().toLowerCase(java.util.Locale.ROOT),
        o.mergeWorkers(),
        config.mergeWhileLoading() ? o.ramBufferMb() : o.bulkRamBufferMb(),
        config.mergeWhileLoading(),
        config.forceMerge(),
        o.searchThreads(),
        build.indexSeconds(),
        build.commitSeconds(),
        build.mergeSeconds(),
        measured.loadCpuSeconds(),
        measured.mergeCpuSeconds(),
        1000 * (measured.loadCpuSeconds() + measured.mergeCpuSeconds()) / build.examples(),
        build.examples() / loadSeconds,
        build.examples() / (loadSeconds + build.mergeSeconds()),
        build.segments(),
        diskMb,
        cachedMb,
        probe.classLoadingMs(),
        probe.openMs(),
        probe.firstQueryMs(),
        probe.afterOpen(),
        probe.afterQueries(),
        probe.heapUsedMb(),
        rows);
  }

  /** Enrolment by ordinary adds on many threads into a fresh gallery with a config's options. */
  private GalleryBenchReport.Online online(BenchConfig config, float[][] data) throws Exception {
    Path root = options.workDir().resolve("online");
    AtomicFiles.deleteRecursively(root);
    LOG.info(
        "online enrolment: {} threads for {} s", options.onlineThreads(), options.onlineSeconds());
    try (GalleryStore store = GalleryStore.open(root, config.options())) {
      store.create(GALLERY, GallerySettings.NONE, model);
      Gallery gallery = store.gallery(GALLERY);
      long end = System.nanoTime() + (long) (options.onlineSeconds() * 1e9);
      AtomicLong next = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(options.onlineThreads());
      List<Future<long[]>> callers = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < options.onlineThreads(); t++) {
        callers.add(
            pool.submit(
                () -> {
                  long[] nanos = new long[1 << 16];
                  int n = 0;
                  while (System.nanoTime() < end && n < nanos.length) {
                    int i = (int) (next.getAndIncrement() % data.length);
                    long t1 = System.nanoTime();
                    gallery.add(
                        "s" + generator.cluster(i),
                        model,
                        List.of(new NewExample(tensor(i), data[i], Optional.empty())));
                    nanos[n++] = System.nanoTime() - t1;
                  }
                  return Arrays.copyOf(nanos, n);
                }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<long[]> f : callers) {
        for (long v : f.get()) {
          all.add(v);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdownNow();
      long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
      return new GalleryBenchReport.Online(
          options.onlineThreads(),
          seconds,
          sorted.length,
          sorted.length / seconds,
          GalleryProbe.quantile(sorted, 0.5),
          GalleryProbe.quantile(sorted, 0.99));
    } finally {
      if (!options.keep()) {
        AtomicFiles.deleteRecursively(root);
      }
    }
  }

  private static float[][] generate(int count, java.util.function.LongFunction<float[]> source)
      throws Exception {
    float[][] out = new float[count][];
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int part = t;
        parts.add(
            pool.submit(
                () -> {
                  for (int i = part; i < count; i += threads) {
                    out[i] = source.apply(i);
                  }
                }));
      }
      for (Future<?> f : parts) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private static double sizeMb(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      long bytes = 0;
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        bytes += Files.size(p);
      }
      return bytes / 1048576.0;
    }
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
