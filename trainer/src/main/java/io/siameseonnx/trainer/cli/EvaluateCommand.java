package io.siameseonnx.trainer.cli;

import ai.djl.ndarray.NDManager;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.repository.ModelRepository;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.image.PreprocessingSpec;
import io.siameseonnx.trainer.data.Digits;
import io.siameseonnx.trainer.data.IdxDataset;
import io.siameseonnx.trainer.data.ImageFolder;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.data.PairSampler;
import io.siameseonnx.trainer.data.PairSet;
import io.siameseonnx.trainer.data.PairsCsv;
import io.siameseonnx.trainer.eval.EmbeddingFunction;
import io.siameseonnx.trainer.eval.Episodes;
import io.siameseonnx.trainer.eval.OnnxEmbeddingFunction;
import io.siameseonnx.trainer.eval.VerificationReport;
import io.siameseonnx.trainer.export.ExportVerifier;
import io.siameseonnx.trainer.model.Checkpoint;
import io.siameseonnx.trainer.pairs.RectanglePairs;
import io.siameseonnx.trainer.pipeline.ClassFilter;
import io.siameseonnx.trainer.pipeline.MetricsFile;
import io.siameseonnx.trainer.report.Reports;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evaluate}: verification figures and N-way k-shot episodes for a checkpoint or an exported
 * model, on any data set, against raw pixels; writes {@code evaluation.json}.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate a checkpoint or an exported ONNX model: verification at its threshold"
            + " (accuracy, precision, recall, ROC-AUC, EER, TAR at FAR) and, on labelled data,"
            + " N-way k-shot episodes against raw pixels. Writes <out>/evaluation.json. Name one"
            + " model: --checkpoint DIR (the default: <out>/checkpoints/finetune), --model FILE,"
            + " or --model-repo DIR for the newest version of --name there.")
public final class EvaluateCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      defaultValue = "runs/latest",
      description = "Folder for evaluation.json. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(
      names = "--checkpoint",
      paramLabel = "DIR",
      description = "Checkpoint folder (the default: <out>/checkpoints/finetune).")
  Path checkpoint;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description = "An exported embedding model (model.onnx) instead of a checkpoint.")
  Path model;

  /** With {@code --model-repo}: the newest version of {@code --name} instead of a checkpoint. */
  @Mixin RepositoryOptions repository = new RepositoryOptions();

  @Option(
      names = "--data",
      defaultValue = "rectangles",
      description =
          "'rectangles' (the seed's test pairs), 'digits' (embedded), a folder of class"
              + " subfolders, or a pairs CSV. Default: ${DEFAULT-VALUE}.")
  String data;

  @Option(names = "--idx-images", description = "MNIST-format IDX images (with --idx-labels).")
  Path idxImages;

  @Option(names = "--idx-labels", description = "MNIST-format IDX labels.")
  Path idxLabels;

  @Option(names = "--limit", defaultValue = "0", description = "At most this many IDX images.")
  int limit;

  @Option(names = "--classes", description = "Only these class labels, e.g. 6-9.")
  String classes;

  @Option(
      names = "--pairs",
      defaultValue = "1000",
      description =
          "Distinct pairs drawn from labelled data, half similar (fewer when the data holds"
              + " fewer).")
  int pairCount;

  @Option(names = "--ways", description = "Classes per episode (default: min(5, classes)).")
  Integer ways;

  @Option(names = "--shots", defaultValue = "1", description = "Support images per class.")
  int shots;

  @Option(names = "--queries", defaultValue = "5", description = "Query images per class.")
  int queries;

  @Option(names = "--episodes", defaultValue = "1000", description = "Episodes.")
  int episodes;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of pairs and episodes.")
  long seed;

  @Option(names = "--strict", description = "Fail on the first corrupt image.")
  boolean strict;

  @Override
  public Integer call() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Model m = openModel(manager);
      try {
        Map<String, Double> metrics = evaluate(m, System.out);
        Path file = out.resolve("evaluation.json");
        MetricsFile.write(file, metrics);
        System.out.println("written: " + file);
      } finally {
        m.close();
      }
    }
    return 0;
  }

  /**
   * A model to evaluate: how to embed, how inputs are prepared, and the metric and threshold it was
   * trained and calibrated with (from the checkpoint, or the ONNX model's card).
   */
  private record Model(
      String description,
      EmbeddingFunction embedder,
      PreprocessingSpec preprocessing,
      Metric metric,
      double threshold,
      AutoCloseable resource) {
    void close() throws Exception {
      if (resource != null) {
        resource.close();
      }
    }
  }

  /**
   * The model the options name: an ONNX file ({@code --model}), the newest version in a repository
   * ({@code --model-repo}), or a checkpoint ({@code --checkpoint}, by default the run's).
   */
  private Model openModel(NDManager manager) throws IOException {
    int named =
        (model != null ? 1 : 0) + (repository.given() ? 1 : 0) + (checkpoint != null ? 1 : 0);
    if (named > 1) {
      throw new BadInputException("name one model: --checkpoint, --model or --model-repo");
    }
    if (model != null) {
      return onnxModel(model);
    }
    if (repository.given()) {
      ModelRepository repo = new ModelRepository(repository.root);
      long version =
          repo.latestVersion(repository.name)
              .orElseThrow(
                  () ->
                      new BadInputException(
                          "no version of " + repository.name + " in " + repository.root));
      return onnxModel(
          repo.versionDir(repository.name, version).resolve(ModelRepository.MODEL_FILE));
    }
    Path dir = checkpoint != null ? checkpoint : out.resolve("checkpoints").resolve("finetune");
    Checkpoint.Loaded loaded = CheckpointOption.load(dir, manager);
    long[] chw = loaded.info().tower().inputShape();
    return new Model(
        dir.toString(),
        EmbeddingFunction.of(loaded.tower(), manager, chw),
        loaded.info().preprocessing(),
        loaded.info().metric(),
        loaded.info().threshold(),
        null);
  }

  /** An exported embedding model, with the metric and threshold of its card. */
  private static Model onnxModel(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("no ONNX model at " + file);
    }
    ModelCard card = ExportVerifier.readCard(file);
    PreprocessingSpec pp = card.preprocessing();
    OnnxEmbeddingFunction embedder =
        new OnnxEmbeddingFunction(file, new long[] {1, pp.height(), pp.width()});
    return new Model(
        file.toString(), embedder, pp, card.distanceMetric(), card.threshold(), embedder);
  }

  private Map<String, Double> evaluate(Model m, PrintStream print) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    Optional<LabeledImages> labeled = labeledData(m.preprocessing());
    PairSet pairs;
    if (labeled.isPresent()) {
      pairs = new PairSampler(labeled.get(), new Random(seed)).distinct(pairCount);
    } else if ("rectangles".equals(data)) {
      pairs = RectanglePairs.heldOut(seed, 2).testPairs();
    } else {
      pairs = PairsCsv.read(Path.of(data), m.preprocessing(), strict);
    }
    double[] d = m.embedder().distances(pairs, m.metric());
    VerificationReport report = VerificationReport.of(d, pairs.labels(), m.threshold());
    metrics.putAll(report.toMetrics("verification."));
    metrics.put("verification.distinct_pairs", (double) pairs.distinctPairs());
    metrics.put("verification.images", (double) pairs.distinctImages());
    Reports.writeVerification(out, pairs, d, m.threshold());
    double[] raw = EmbeddingFunction.rawPixels().distances(pairs, Metric.EUCLIDEAN);
    metrics.put(
        "verification.raw_pixels_roc_auc",
        io.siameseonnx.trainer.eval.Verification.rocAuc(raw, pairs.labels()));
    print.printf(Locale.ROOT, "model: %s (%s distance)%n", m.description(), m.metric().wireName());
    print.printf(
        Locale.ROOT,
        "verification on %d pairs (%d distinct, of %d distinct images) at threshold %.4f:"
            + " accuracy %.4f (95%% CI %.4f-%.4f), ROC-AUC %.4f (raw pixels %.4f), EER %.4f%n",
        pairs.size(),
        pairs.distinctPairs(),
        pairs.distinctImages(),
        m.threshold(),
        report.accuracy(),
        report.accuracyCi95()[0],
        report.accuracyCi95()[1],
        report.rocAuc(),
        metrics.get("verification.raw_pixels_roc_auc"),
        report.eer());
    if (labeled.isPresent()) {
      LabeledImages images = labeled.get();
      int present = (int) java.util.Arrays.stream(images.classCounts()).filter(c -> c > 0).count();
      int n = ways != null ? ways : Math.min(5, present);
      Episodes.Result r =
          Episodes.run(images, m.embedder(), m.metric(), n, shots, queries, episodes, seed);
      String key = "episodes." + n + "_way_" + shots + "_shot.";
      metrics.put(key + "accuracy", r.accuracy());
      metrics.put(key + "ci95", r.ci95());
      metrics.put(key + "raw_pixels_accuracy", r.baselineAccuracy());
      metrics.put(key + "raw_pixels_ci95", r.baselineCi95());
      metrics.put(key + "episodes", (double) r.episodes());
      print.printf(
          Locale.ROOT,
          "%d-way %d-shot over %d episodes: %.4f +- %.4f (raw-pixel 1-NN: %.4f +- %.4f, %+.1f"
              + " points)%n",
          n,
          shots,
          r.episodes(),
          r.accuracy(),
          r.ci95(),
          r.baselineAccuracy(),
          r.baselineCi95(),
          100 * (r.accuracy() - r.baselineAccuracy()));
    }
    return flatten(metrics);
  }

  private static Map<String, Double> flatten(Map<String, Double> metrics) {
    Map<String, Double> out = new LinkedHashMap<>();
    metrics.forEach(
        (k, v) -> {
          if (v != null && Double.isFinite(v)) {
            out.put(k, v);
          }
        });
    return out;
  }

  private Optional<LabeledImages> labeledData(PreprocessingSpec spec) {
    LabeledImages images;
    if (idxImages != null || idxLabels != null) {
      if (idxImages == null || idxLabels == null) {
        throw new IllegalArgumentException("--idx-images and --idx-labels go together");
      }
      images = IdxDataset.read(idxImages, idxLabels, spec, limit);
    } else if ("digits".equals(data)) {
      images = Digits.load(spec);
    } else if ("rectangles".equals(data)) {
      return Optional.empty();
    } else {
      Path path = Path.of(data);
      if (Files.isRegularFile(path)) {
        return Optional.empty();
      }
      images = ImageFolder.read(path, spec, strict).images();
    }
    return Optional.of(ClassFilter.keep(images, ClassFilter.parse(classes)));
  }
}
