package io.siameseonnx.trainer.pipeline;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.siameseonnx.model.spec.Architectures;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.trainer.data.DataException;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.eval.Embedder;
import io.siameseonnx.trainer.eval.Episodes;
import io.siameseonnx.trainer.eval.Verification;
import io.siameseonnx.trainer.eval.VerificationReport;
import io.siameseonnx.trainer.model.BlockBuilder;
import io.siameseonnx.trainer.model.Checkpoint;
import io.siameseonnx.trainer.model.CheckpointInfo;
import io.siameseonnx.trainer.pairs.LabeledSplit;
import io.siameseonnx.trainer.pairs.PairSource;
import io.siameseonnx.trainer.report.Reports;
import io.siameseonnx.trainer.train.Pretrainer;
import io.siameseonnx.trainer.train.ProgressListener;
import io.siameseonnx.trainer.train.Recipe;
import io.siameseonnx.trainer.train.SiameseTrainer;
import io.siameseonnx.trainer.train.StageResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stages in order: pretraining on labelled images, Siamese fine-tuning on pairs,
 * evaluation on held-out test pairs with a threshold calibrated on validation pairs, a checkpoint
 * after each stage and {@code metrics.json}. The export is a separate step that reads the final
 * checkpoint (see the export package).
 */
public final class TrainingPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingPipeline.class);

  private final ProgressListener progress;

  /** Creates a pipeline reporting to {@code progress}. */
  public TrainingPipeline(ProgressListener progress) {
    this.progress = progress;
  }

  /**
   * Runs what the options ask for.
   *
   * @param options the run's options
   * @param manager the manager that will own the tower's parameters (the caller closes it, after
   *     the export if there is one)
   * @return figures, checkpoint and metrics
   * @throws IOException when checkpoints or metrics cannot be written
   */
  public RunResult run(RunOptions options, NDManager manager) throws IOException {
    Recipe recipe = options.recipe();
    Engine.getInstance().setRandomSeed((int) options.seed());
    TowerSpec spec = towerSpec(options);
    SequentialBlock tower = BlockBuilder.tower(spec);
    long[] in = spec.inputShape();
    tower.initialize(manager, DataType.FLOAT32, new Shape(1, in[0], in[1], in[2]));
    Map<String, Double> metrics = new LinkedHashMap<>();
    Optional<StageResult> pretrainResult = Optional.empty();
    Path pretrainDir = options.checkpointDir(Pretrainer.STAGE);
    String fingerprint = "";

    // Open the pair data first, so that bad pair input fails before any training.
    PairSource pairs =
        options.stages() == RunOptions.Stages.PRETRAIN
            ? null
            : options
                .pairData()
                .open(options.preprocessing(), recipe, options.strict(), options.seed());
    boolean wantPretrain = options.stages() != RunOptions.Stages.FINETUNE;
    boolean resumePretrain = options.resume() && Files.isDirectory(pretrainDir);
    if ((wantPretrain && resumePretrain) || (!wantPretrain && Files.isDirectory(pretrainDir))) {
      CheckpointInfo info = loadInto(tower, pretrainDir, manager, spec);
      metrics.putAll(info.metrics());
      fingerprint = info.dataFingerprint();
      LOG.info("Using the pretrained tower in {}", pretrainDir);
    } else if (wantPretrain) {
      Optional<LabeledImages> data =
          options
              .pretrainData()
              .load(options.preprocessing(), options.strict(), options.excludeClasses());
      if (data.isPresent()) {
        LabeledImages[] split = pretrainSplit(data.get(), pairs, recipe, options.seed());
        LOG.info(
            "Pretraining {} on {} ({} training, {} validation images)",
            spec.name(),
            data.get().source(),
            split[0].size(),
            split[1].size());
        StageResult result =
            new Pretrainer(recipe.pretrain(), progress).train(tower, in, split[0], split[1]);
        pretrainResult = Optional.of(result);
        metrics.putAll(stageMetrics(Pretrainer.STAGE, result));
        metrics.put("pretrain.val_accuracy", result.best().valAccuracy());
        metrics.put("pretrain.val_loss", result.best().valLoss());
        fingerprint = data.get().fingerprint();
        Checkpoint.save(
            pretrainDir,
            new CheckpointInfo(
                spec,
                options.preprocessing(),
                Pretrainer.STAGE,
                "",
                recipe.finetune().margin(),
                recipe.metric(),
                1.0,
                metrics,
                fingerprint),
            tower);
      }
    }
    if (options.stages() == RunOptions.Stages.PRETRAIN) {
      if (!Files.isDirectory(pretrainDir)) {
        throw new IllegalArgumentException(
            "nothing to pretrain: --pretrain-epochs is 0 or --pretrain-data is none");
      }
      CheckpointInfo info = Checkpoint.readInfo(pretrainDir);
      writeMetrics(options, metrics);
      pretrainResult.ifPresent(
          r -> Reports.writeTraining(options.outDir(), Map.of(Pretrainer.STAGE, r)));
      return new RunResult(
          pretrainResult,
          Optional.empty(),
          Optional.empty(),
          pretrainDir,
          info,
          metrics,
          tower,
          new float[0][]);
    }

    Optional<StageResult> finetune = Optional.empty();
    if (recipe.finetune().epochs() > 0) {
      LOG.info("Fine-tuning on {}", pairs.description());
      StageResult result =
          new SiameseTrainer(recipe.finetune(), recipe.metric(), progress)
              .train(tower, in, pairs, 2 * recipe.pairsPerEpoch());
      metrics.putAll(stageMetrics(SiameseTrainer.STAGE, result));
      metrics.put("finetune.val_loss", result.best().valLoss());
      finetune = Optional.of(result);
    } else {
      LOG.info(
          "No fine-tuning (--epochs 0): evaluating the tower as it is on {}", pairs.description());
    }

    double[] valDistances =
        SiameseTrainer.distances(tower, manager, in, pairs.validationPairs(), recipe.metric());
    double threshold =
        Verification.calibrateThreshold(valDistances, pairs.validationPairs().labels());
    double[] testDistances =
        SiameseTrainer.distances(tower, manager, in, pairs.testPairs(), recipe.metric());
    VerificationReport report =
        VerificationReport.of(testDistances, pairs.testPairs().labels(), threshold);
    metrics.putAll(report.toMetrics("finetune."));
    pairs
        .labeledSplit()
        .ifPresent(
            split ->
                metrics.putAll(
                    episodes("test", split.test(), "test images", tower, manager, in, options)));
    pairs
        .labeledSplit()
        .flatMap(LabeledSplit::excluded)
        .ifPresent(
            unseen ->
                metrics.putAll(
                    episodes("excluded", unseen, "excluded classes", tower, manager, in, options)));

    Path finetuneDir = options.checkpointDir(SiameseTrainer.STAGE);
    String dataFingerprint =
        fingerprint.isEmpty() ? pairs.fingerprint() : fingerprint + "+" + pairs.fingerprint();
    CheckpointInfo info =
        new CheckpointInfo(
            spec,
            options.preprocessing(),
            SiameseTrainer.STAGE,
            recipe.finetune().loss().wireName(),
            switch (recipe.finetune().loss()) {
              case TRIPLET -> recipe.finetune().tripletMargin();
              case SUPCON -> recipe.finetune().temperature();
              case CONTRASTIVE -> recipe.finetune().margin();
            },
            recipe.metric(),
            threshold,
            metrics,
            dataFingerprint);
    Checkpoint.save(finetuneDir, info, tower);
    writeMetrics(options, metrics);
    Map<String, StageResult> stages = new LinkedHashMap<>();
    pretrainResult.ifPresent(r -> stages.put(Pretrainer.STAGE, r));
    finetune.ifPresent(r -> stages.put(SiameseTrainer.STAGE, r));
    Reports.writeAll(options.outDir(), stages, pairs.testPairs(), testDistances, threshold);
    return new RunResult(
        pretrainResult,
        finetune,
        Optional.of(report),
        finetuneDir,
        info,
        metrics,
        tower,
        java.util.Arrays.copyOf(pairs.testPairs().first(), Math.min(32, pairs.testPairs().size())));
  }

  /** Ways of the one-shot episodes on the test images: up to this many classes. */
  static final int TEST_WAYS = 10;

  /** Query images per class in a test episode. */
  static final int TEST_QUERIES = 5;

  /** Episodes on the test images. */
  static final int TEST_EPISODES = 1000;

  /**
   * Training and validation images for pretraining: the pretraining data without the pair data's
   * test images (compared by content, so the same images read as other data, or a larger set that
   * holds them, count too), so that the test images stay unseen by every stage.
   */
  static LabeledImages[] pretrainSplit(
      LabeledImages data, PairSource pairs, Recipe recipe, long seed) {
    LabeledImages usable = data;
    Optional<LabeledSplit> split = pairs == null ? Optional.empty() : pairs.labeledSplit();
    if (split.isPresent()) {
      usable = data.without(split.get().test());
      if (usable.size() < data.size()) {
        LOG.info(
            "Pretraining without the {} images that are the pair data's test images",
            data.size() - usable.size());
      }
      if (usable.size() < 2) {
        throw new DataException(
            "pretraining on "
                + data.source()
                + " would leave no image besides the pair data's test images");
      }
    }
    return usable.split(recipe.pretrain().validationFraction(), seed);
  }

  /**
   * N-way one-shot episodes (N up to {@link #TEST_WAYS}) on images no stage has seen (the test
   * images, or the classes kept out of every stage) against raw pixels on the same episodes: how
   * well the model recognises a new image from one example. Empty when fewer than two classes have
   * enough images.
   */
  private static Map<String, Double> episodes(
      String prefix,
      LabeledImages test,
      String what,
      SequentialBlock tower,
      NDManager manager,
      long[] in,
      RunOptions options) {
    int qualifying =
        (int) Arrays.stream(test.classCounts()).filter(c -> c >= 1 + TEST_QUERIES).count();
    int ways = Math.min(TEST_WAYS, qualifying);
    if (ways < 2) {
      return Map.of();
    }
    Embedder embedder = Embedder.of(tower, manager, in);
    Episodes.Result r =
        Episodes.run(
            test,
            embedder,
            options.recipe().metric(),
            ways,
            1,
            TEST_QUERIES,
            TEST_EPISODES,
            options.seed());
    String key = prefix + "." + ways + "_way_1_shot.";
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(key + "accuracy", r.accuracy());
    m.put(key + "ci95", r.ci95());
    m.put(key + "raw_pixels_accuracy", r.baselineAccuracy());
    m.put(key + "raw_pixels_ci95", r.baselineCi95());
    LOG.info(
        "{}-way one-shot on the {}: {} (raw pixels {})",
        ways,
        what,
        String.format(Locale.ROOT, "%.4f", r.accuracy()),
        String.format(Locale.ROOT, "%.4f", r.baselineAccuracy()));
    return m;
  }

  /** The tower the options describe. */
  public static TowerSpec towerSpec(RunOptions options) {
    TowerSpec spec =
        Architectures.named(
            options.recipe().architecture(),
            options.preprocessing().channels(),
            options.preprocessing().height(),
            options.preprocessing().width());
    return options.recipe().l2Normalize() ? spec.withL2Normalize() : spec;
  }

  private static CheckpointInfo loadInto(
      SequentialBlock tower, Path dir, NDManager manager, TowerSpec expected) throws IOException {
    CheckpointInfo info = Checkpoint.readInfo(dir);
    if (!info.tower().layers().equals(expected.layers())) {
      throw new IllegalArgumentException(
          "checkpoint "
              + dir
              + " holds a '"
              + info.tower().name()
              + "' tower, not the '"
              + expected.name()
              + "' this run builds");
    }
    Checkpoint.Loaded loaded = Checkpoint.load(dir, manager);
    var source = loaded.tower().getParameters();
    var target = tower.getParameters();
    for (int i = 0; i < source.size(); i++) {
      source.get(i).getValue().getArray().copyTo(target.get(i).getValue().getArray());
    }
    return info;
  }

  private static Map<String, Double> stageMetrics(String stage, StageResult result) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(stage + ".epochs", (double) result.epochs());
    m.put(stage + ".best_epoch", (double) result.bestEpoch());
    m.put(stage + ".seconds", result.seconds());
    m.put(stage + ".samples_per_second", result.samplesPerSecond());
    return m;
  }

  private static void writeMetrics(RunOptions options, Map<String, Double> metrics)
      throws IOException {
    MetricsFile.write(options.metricsFile(), metrics);
  }
}
