package io.siameseonnx.trainer.pipeline;

import io.siameseonnx.trainer.data.DataException;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.model.Checkpoint;
import io.siameseonnx.trainer.model.CheckpointInfo;
import io.siameseonnx.trainer.model.WeightCopy;
import io.siameseonnx.trainer.pairs.LabeledSplit;
import io.siameseonnx.trainer.pairs.PairSource;
import io.siameseonnx.trainer.train.Pretrainer;
import io.siameseonnx.trainer.train.ProgressListener;
import io.siameseonnx.trainer.train.Recipe;
import io.siameseonnx.trainer.train.StageResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1: pretrains the tower as a classifier on labelled images and saves the pretraining
 * checkpoint; or reuses that checkpoint when the run folder has one and the run asks for it ({@code
 * --resume}, or {@code finetune} after {@code pretrain}). Without pretraining data the tower keeps
 * its random weights.
 */
public final class PretrainStage implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(PretrainStage.class);

  private final ProgressListener progress;

  /** A stage reporting to {@code progress}. */
  public PretrainStage(ProgressListener progress) {
    this.progress = progress;
  }

  /**
   * The images pretraining learns from and validates on, and the data they come from.
   *
   * @param data the pretraining data, without the excluded classes
   * @param train the training images: {@code data} without the pair data's test images, less the
   *     validation share
   * @param validation the validation images
   * @param overlap names of pretraining classes equal to a held-out or excluded class's name
   * @param overlapExcluded whether the overlapping classes were left out of {@code train} and
   *     {@code validation}
   */
  public record Images(
      LabeledImages data,
      LabeledImages train,
      LabeledImages validation,
      List<String> overlap,
      boolean overlapExcluded) {
    /** Copies the names. */
    public Images {
      overlap = List.copyOf(overlap);
    }
  }

  @Override
  public RunState run(RunState state) throws IOException {
    RunOptions options = state.options();
    Path dir = options.checkpointDir(Pretrainer.STAGE);
    boolean finetuneOnly = options.stages() == RunOptions.Stages.FINETUNE;
    if (Files.isDirectory(dir) && (options.resume() || finetuneOnly)) {
      return reuse(state, dir);
    }
    if (finetuneOnly) {
      return state;
    }
    Optional<Images> images = images(state);
    if (images.isEmpty()) {
      return state;
    }
    Images in = images.get();
    state =
        state.withProtocol(
            state.protocol().withPretrainOverlap(in.overlap(), in.overlapExcluded()));
    LOG.info(
        "Pretraining {} on {} ({} training, {} validation images)",
        state.spec().name(),
        in.data().source(),
        in.train().size(),
        in.validation().size());
    StageResult result =
        new Pretrainer(state.recipe().pretrain(), progress)
            .train(state.tower(), state.inputShape(), in.train(), in.validation());
    Map<String, Double> figures = result.toMetrics(Pretrainer.STAGE);
    figures.put("pretrain.train_images", (double) in.train().size());
    figures.put("pretrain.classes", (double) presentClasses(in.train()).size());
    figures.put("pretrain.val_accuracy", result.best().valAccuracy());
    figures.put("pretrain.val_loss", result.best().valLoss());
    RunState pretrained = state.pretrained(Optional.of(result), in.data().fingerprint(), figures);
    Checkpoint.save(
        dir,
        new CheckpointInfo(
            state.spec(),
            options.preprocessing(),
            Pretrainer.STAGE,
            "",
            state.recipe().finetune().margin(),
            state.recipe().metric(),
            1.0,
            pretrained.metrics(),
            pretrained.pretrainFingerprint(),
            pretrained.protocol(),
            CheckpointInfo.NO_AUGMENTATION),
        state.tower());
    return pretrained;
  }

  /**
   * The images pretraining would learn from: the pretraining data without the excluded classes,
   * without the classes named like a held-out or excluded class (unless the options keep them) and
   * without the pair data's test images; empty when there is no pretraining data.
   */
  public static Optional<Images> images(RunState state) {
    RunOptions options = state.options();
    Set<String> unseen = new TreeSet<>(state.protocol().heldOutClasses());
    unseen.addAll(state.protocol().excludedClasses());
    return options
        .pretrainData()
        .load(options.preprocessing(), options.strict(), options.excludeClasses())
        .map(
            data -> {
              Set<Integer> overlap = overlap(data, unseen);
              List<String> names = overlap.stream().map(c -> data.classNames().get(c)).toList();
              boolean exclude = !overlap.isEmpty() && !options.keepOverlappingPretrainClasses();
              if (!overlap.isEmpty()) {
                LOG.warn(
                    "The pretraining data {} holds classes named like held-out or excluded"
                        + " classes: {}; {}",
                    data.source(),
                    String.join(", ", names),
                    exclude
                        ? "they are left out of pretraining (--keep-overlapping-pretrain-classes"
                            + " keeps them)"
                        : "they are kept, so those classes are not unseen");
              }
              LabeledImages usable = exclude ? ClassFilter.apply(data, overlap) : data;
              LabeledImages[] split = split(usable, state.pairs(), state.recipe(), options.seed());
              return new Images(data, split[0], split[1], names, exclude);
            });
  }

  /** The labels of {@code data}'s classes that have images and whose names are in {@code names}. */
  static Set<Integer> overlap(LabeledImages data, Set<String> names) {
    Set<Integer> out = new TreeSet<>();
    for (int c : presentClasses(data)) {
      if (names.contains(data.classNames().get(c))) {
        out.add(c);
      }
    }
    return out;
  }

  private static List<Integer> presentClasses(LabeledImages images) {
    int[] counts = images.classCounts();
    return java.util.stream.IntStream.range(0, counts.length)
        .filter(c -> counts[c] > 0)
        .boxed()
        .toList();
  }

  /**
   * Training and validation images for pretraining: the pretraining data without the pair data's
   * test images (compared by content, so the same images read as other data, or a larger set that
   * holds them, count too), so that the test images stay unseen by every stage.
   */
  static LabeledImages[] split(
      LabeledImages data, Optional<PairSource> pairs, Recipe recipe, long seed) {
    LabeledImages usable = data;
    Optional<LabeledSplit> split = pairs.flatMap(PairSource::labeledSplit);
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

  private static String shape(long[] chw) {
    return chw[0] + "x" + chw[1] + "x" + chw[2] + " (channels x height x width)";
  }

  /** Copies the weights of the pretraining checkpoint in {@code dir} into the run's tower. */
  private static RunState reuse(RunState state, Path dir) throws IOException {
    CheckpointInfo info = Checkpoint.readInfo(dir);
    if (!Arrays.equals(info.tower().inputShape(), state.spec().inputShape())) {
      throw new IllegalArgumentException(
          "checkpoint "
              + dir
              + " holds a tower for "
              + shape(info.tower().inputShape())
              + " inputs, not the "
              + shape(state.spec().inputShape())
              + " this run builds (see --channels and --image-size)");
    }
    if (!info.tower().layers().equals(state.spec().layers())) {
      throw new IllegalArgumentException(
          "checkpoint "
              + dir
              + " holds a '"
              + info.tower().name()
              + "' tower, not the '"
              + state.spec().name()
              + "' this run builds");
    }
    Checkpoint.Loaded loaded = Checkpoint.load(dir, state.manager());
    var source = loaded.tower().getParameters();
    var target = state.tower().getParameters();
    for (int i = 0; i < source.size(); i++) {
      WeightCopy.copy(source.get(i).getValue().getArray(), target.get(i).getValue().getArray());
    }
    LOG.info("Using the pretrained tower in {}", dir);
    return state.pretrained(Optional.empty(), info.dataFingerprint(), info.metrics());
  }
}
