package io.siameseonnx.server.gallery.bench;

import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.shared.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code siamese-server bench gallery}: builds galleries of clustered random vectors with several
 * index configurations and measures, for each, bulk indexing throughput, force-merge time, cold
 * open time, resident memory and search latency and recall against an exact scan; prints a table,
 * checks the goals and writes JSON.
 */
@Command(
    name = "gallery",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measures gallery index configurations on N clustered random unit vectors: bulk indexing",
      "rate, force merge, cold open (fresh process, page cache dropped), resident memory, search",
      "p50/p99 and recall@k against an exact scan at several candidate counts. Presets: "
          + "lucene-defaults, bulk-1t, bulk-2t, bulk-2t-mw1, bulk-2t-ram256, bulk-2t-nomerge,"
          + " bulk-2t-nomerge-st2, bulk-2t-b50, bulk-2t-b200, bulk-2t-m32, bulk-2t-int8,"
          + " bulk-2t-int4; NAME:key=value,... overrides (threads, m, beam, quant, mw, ram,"
          + " bulk-ram, search-threads, merge-while-loading, no-force-merge)."
    })
public final class GalleryBenchCommand implements Callable<Integer> {
  @Option(
      names = "--vectors",
      defaultValue = "1000000",
      description = "Examples in the gallery. Default: ${DEFAULT-VALUE}")
  int vectors;

  @Option(
      names = "--dimension",
      defaultValue = "128",
      description = "Embedding dimension. Default: ${DEFAULT-VALUE}")
  int dimension;

  @Option(
      names = "--examples-per-subject",
      defaultValue = "20",
      description = "Mean examples a subject (cluster). Default: ${DEFAULT-VALUE}")
  int examplesPerSubject;

  @Option(
      names = "--spread",
      defaultValue = "0.6",
      description =
          "Expected length of an example's offset from its subject's centre (unit vectors)."
              + " Default: ${DEFAULT-VALUE}")
  double spread;

  @Option(
      names = "--tensor-floats",
      defaultValue = "1024",
      description =
          "Floats of the input tensor stored with each example. Default: ${DEFAULT-VALUE}")
  int tensorFloats;

  @Option(
      names = "--queries",
      defaultValue = "2000",
      description = "Queries timed. Default: ${DEFAULT-VALUE}")
  int queries;

  @Option(
      names = "--recall-queries",
      defaultValue = "1000",
      description =
          "Of those, how many are checked against the exact scan. Default: ${DEFAULT-VALUE}")
  int recallQueries;

  @Option(names = "--k", defaultValue = "10", description = "Neighbours. Default: ${DEFAULT-VALUE}")
  int k;

  @Option(
      names = "--candidates",
      defaultValue = "40,100,200",
      split = ",",
      description = "Candidate counts (HNSW search breadth) measured. Default: ${DEFAULT-VALUE}")
  List<Integer> candidates;

  @Option(
      names = "--warmup",
      defaultValue = "500",
      description = "Unmeasured searches before the timed ones. Default: ${DEFAULT-VALUE}")
  int warmup;

  @Option(
      names = "--config",
      defaultValue = "bulk-2t,bulk-2t-int8",
      split = ";",
      description = "Configurations, separated by ';'. Default: ${DEFAULT-VALUE}")
  List<String> configs;

  @Option(
      names = "--work-dir",
      defaultValue = "bench-work/gallery",
      description = "Where the galleries are built. Default: ${DEFAULT-VALUE}")
  Path workDir;

  @Option(names = "--keep", description = "Keep the built galleries.")
  boolean keep;

  @Option(
      names = "--probe-jvm-args",
      defaultValue = "-Xms64m -Xmx1g",
      description = "JVM options of the probe process. Default: ${DEFAULT-VALUE}")
  String probeJvmArgs;

  @Option(
      names = "--online-threads",
      defaultValue = "16",
      description =
          "Callers enrolling one example an add into a fresh gallery, to measure group commits"
              + " (0 skips it). Default: ${DEFAULT-VALUE}")
  int onlineThreads;

  @Option(
      names = "--online-seconds",
      defaultValue = "10",
      description = "Duration of that scenario. Default: ${DEFAULT-VALUE}")
  double onlineSeconds;

  @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "bench-results/gallery-bench.json",
      description = "Where to write the JSON report. Default: ${DEFAULT-VALUE}")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (vectors < k || queries < 2 || recallQueries < 1 || recallQueries > queries) {
      throw new IllegalArgumentException(
          "need vectors >= k, queries >= 2 and 1 <= recall queries <= queries");
    }
    List<BenchConfig> parsed = new ArrayList<>();
    for (String spec : configs) {
      parsed.add(BenchConfig.parse(spec.trim()));
    }
    GalleryBenchmark.Options options =
        new GalleryBenchmark.Options(
            vectors,
            dimension,
            Math.max(1, vectors / examplesPerSubject),
            spread,
            tensorFloats,
            queries,
            recallQueries,
            k,
            candidates,
            warmup,
            parsed,
            workDir.toAbsolutePath(),
            keep,
            List.of(probeJvmArgs.trim().split("\\s+")),
            onlineThreads,
            onlineSeconds,
            seed);
    Path target = out.toAbsolutePath();
    GalleryBenchReport report =
        new GalleryBenchmark(options)
            .run(soFar -> AtomicFiles.write(target, ModelCards.mapper().writeValueAsBytes(soFar)));
    report.print(System.out);
    AtomicFiles.write(target, ModelCards.mapper().writeValueAsBytes(report));
    System.out.println("wrote " + target);
    return 0;
  }
}
