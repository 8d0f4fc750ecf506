package io.siameseonnx.trainer.cli;

import io.siameseonnx.model.spec.Architectures;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.image.PreprocessingSpec;
import io.siameseonnx.trainer.augment.Augmentation;
import io.siameseonnx.trainer.data.ColourScan;
import io.siameseonnx.trainer.eval.ThresholdRule;
import io.siameseonnx.trainer.loss.LossKind;
import io.siameseonnx.trainer.loss.Mining;
import io.siameseonnx.trainer.pipeline.ClassFilter;
import io.siameseonnx.trainer.pipeline.PairData;
import io.siameseonnx.trainer.pipeline.PretrainData;
import io.siameseonnx.trainer.pipeline.RunOptions;
import io.siameseonnx.trainer.train.FinetuneConfig;
import io.siameseonnx.trainer.train.OptimizerChoice;
import io.siameseonnx.trainer.train.PretrainConfig;
import io.siameseonnx.trainer.train.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The options shared by {@code train}, {@code pretrain} and {@code finetune}. */
final class CommonOptions {
  private static final Logger LOG = LoggerFactory.getLogger(CommonOptions.class);

  @Option(
      names = "--preset",
      defaultValue = "default",
      description =
          "Recipe: 'default' (works), 'seed' (the article to the letter) or 'few-shot' (for"
              + " classes never seen in training; needs labelled pairs). Default: ${DEFAULT-VALUE}.")
  String preset;

  @Option(
      names = "--arch",
      description = "Tower architecture: seed, compact, wide or resnet (default: the preset's).")
  String arch;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "runs/latest",
      description =
          "Folder for checkpoints, metrics.json and the model card. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--resume", description = "Reuse stage checkpoints already in --out.")
  boolean resume;

  @Option(
      names = "--strict",
      description = "Fail on the first corrupt image instead of skipping it.")
  boolean strict;

  @Option(
      names = "--pretrain-data",
      defaultValue = "digits",
      description =
          "Pretraining images: 'digits' (embedded), 'none', or a folder of class subfolders. Default: ${DEFAULT-VALUE}.")
  String pretrainData;

  @Option(names = "--pretrain-idx-images", description = "MNIST-format IDX images for pretraining.")
  Path pretrainIdxImages;

  @Option(names = "--pretrain-idx-labels", description = "MNIST-format IDX labels for pretraining.")
  Path pretrainIdxLabels;

  @Option(
      names = "--pretrain-limit",
      defaultValue = "0",
      description = "Use at most this many IDX images (0: all).")
  int pretrainLimit;

  @Option(
      names = "--pairs",
      defaultValue = "rectangles",
      description =
          "Siamese pairs: 'rectangles' (the seed's task), 'digits' (embedded), a folder of class subfolders, or a pairs CSV (path_a,path_b,label). Default: ${DEFAULT-VALUE}.")
  String pairs;

  @Option(names = "--pairs-idx-images", description = "MNIST-format IDX images to draw pairs from.")
  Path pairsIdxImages;

  @Option(names = "--pairs-idx-labels", description = "MNIST-format IDX labels to draw pairs from.")
  Path pairsIdxLabels;

  @Option(
      names = "--pairs-limit",
      defaultValue = "0",
      description = "Use at most this many IDX images for pairs (0: all).")
  int pairsLimit;

  @Option(
      names = "--holdout-classes",
      description = "With a class folder: validate and test on whole classes kept out of training.")
  boolean holdoutClasses;

  @Option(
      names = "--exclude-classes",
      description =
          "Keep these class labels out of every stage, e.g. 6-9 or 6,7,8,9 (to evaluate one-shot"
              + " learning on classes never seen).")
  String excludeClasses;

  @Option(
      names = "--keep-overlapping-pretrain-classes",
      description =
          "Pretrain also on pretraining classes named like a held-out or excluded class (by"
              + " default they are left out of pretraining, so that those classes stay unseen).")
  boolean keepOverlappingPretrainClasses;

  @Option(
      names = "--threshold-at",
      defaultValue = "accuracy",
      description =
          "The operating point the threshold is calibrated for on the validation pairs:"
              + " accuracy (the most pairs right), eer (false accepts as frequent as false"
              + " rejects) or far=RATE (e.g. far=1e-3: at most that share of different pairs"
              + " accepted). Default: ${DEFAULT-VALUE}.")
  String thresholdAt;

  @Option(names = "--pretrain-epochs", description = "Pretraining epochs (0 skips pretraining).")
  Integer pretrainEpochs;

  @Option(names = "--epochs", description = "Fine-tuning epochs.")
  Integer epochs;

  @Option(names = "--batch-size", description = "Fine-tuning batch size (pairs).")
  Integer batchSize;

  @Option(names = "--lr", description = "Fine-tuning learning rate.")
  Float lr;

  @Option(names = "--optimizer", description = "Fine-tuning optimizer: adam, rmsprop or sgd.")
  String optimizer;

  @Option(
      names = "--metric",
      description =
          "Distance between embeddings: euclidean (default) or cosine (1 - cos). The contrastive,"
              + " triplet and mining losses measure it, the threshold is calibrated on it, and the"
              + " export and the server use it (supcon compares by cosine whatever this is).")
  String metric;

  @Option(names = "--margin", description = "Contrastive margin.")
  Float margin;

  @Option(
      names = "--loss",
      description =
          "Siamese loss: contrastive (default), triplet or supcon (supervised contrastive).")
  String loss;

  @Option(
      names = "--temperature",
      description = "Softmax temperature of --loss supcon (default 1).")
  Float temperature;

  @Option(
      names = "--projection",
      description =
          "Fine-tune through a projection head of this many units that the export leaves out"
              + " (default 0: none).")
  Integer projection;

  @Option(
      names = "--mining",
      description =
          "Online mining in class-balanced batches: none (default), batch-hard or semi-hard.")
  String mining;

  @Option(names = "--triplet-margin", description = "Triplet margin alpha (default 0.2).")
  Float tripletMargin;

  @Option(names = "--classes-per-batch", description = "Classes in a balanced batch (default 8).")
  Integer classesPerBatch;

  @Option(
      names = "--images-per-class",
      description = "Images of each class in a balanced batch (default 4).")
  Integer imagesPerClass;

  @Option(
      names = "--freeze-conv",
      description = "Keep the convolution layers fixed while fine-tuning.")
  boolean freezeConv;

  @Option(
      names = "--augment",
      description =
          "Random changes to each fine-tuning image as it enters a batch (never to validation or"
              + " test images): none (default), photo (= crop,flip,jitter: photos of objects,"
              + " products, faces), or a comma list of crop (random resized crop), flip"
              + " (mirror, for photos only: a mirrored signature is another signature) and jitter"
              + " (brightness and contrast), e.g. crop,jitter for signatures and handwriting.")
  String augment;

  @Option(
      names = "--image-size",
      defaultValue = "32",
      description =
          "Model input size in pixels (square), 8 to 128; every tower adapts to it."
              + " Default: ${DEFAULT-VALUE}.")
  int imageSize;

  @Option(
      names = "--channels",
      defaultValue = "auto",
      description =
          "Input channels: 1 (grayscale), 3 (RGB) or auto (3 when any training image file has"
              + " colour, else 1). Default: ${DEFAULT-VALUE}.")
  String channels;

  /** Builds the run's options: the preset, with what the options name changed. */
  RunOptions toRunOptions(RunOptions.Stages stages) {
    if (imageSize < Architectures.MIN_SIDE || imageSize > Architectures.MAX_SIDE) {
      throw new BadInputException(
          "--image-size must be from "
              + Architectures.MIN_SIDE
              + " to "
              + Architectures.MAX_SIDE
              + " pixels, not "
              + imageSize);
    }
    Recipe preset = Recipe.preset(this.preset, seed);
    Recipe.Builder recipe = preset.toBuilder();
    if (arch != null) {
      recipe.architecture(arch);
    }
    if (metric != null) {
      recipe.metric(Metric.fromWireName(metric));
    }
    PretrainConfig.Builder p = preset.pretrain().toBuilder();
    if (pretrainEpochs != null) {
      p.epochs(pretrainEpochs);
    }
    FinetuneConfig.Builder f = preset.finetune().toBuilder();
    if (epochs != null) {
      f.epochs(epochs);
    }
    if (batchSize != null) {
      f.batchSize(batchSize);
    }
    if (optimizer != null) {
      f.optimizer(OptimizerChoice.parse(optimizer));
    }
    if (lr != null) {
      f.learningRate(lr);
    }
    if (margin != null) {
      f.margin(margin);
    }
    if (freezeConv) {
      f.freezeConv(true);
    }
    if (loss != null) {
      f.loss(LossKind.parse(loss));
    }
    if (mining != null) {
      f.mining(Mining.parse(mining));
    }
    if (tripletMargin != null) {
      f.tripletMargin(tripletMargin);
    }
    if (classesPerBatch != null) {
      f.classesPerBatch(classesPerBatch);
    }
    if (imagesPerClass != null) {
      f.imagesPerClass(imagesPerClass);
    }
    if (temperature != null) {
      f.temperature(temperature);
    }
    if (projection != null) {
      f.projection(projection);
    }
    if (augment != null) {
      f.augment(Augmentation.parse(augment));
    }
    PretrainConfig pretrain = p.build();
    Recipe built = recipe.pretrain(pretrain).finetune(f.build()).build();
    Set<Integer> excluded = ClassFilter.parse(excludeClasses);
    PretrainData pretrainData = pretrainSource(pretrain.epochs());
    PairData pairData = pairSource(excluded);
    return new RunOptions(
        built,
        PreprocessingSpec.of(imageSize, imageSize, channels(pretrainData, pairData)),
        pretrainData,
        pairData,
        out,
        resume,
        strict,
        seed,
        stages,
        excluded,
        keepOverlappingPretrainClasses,
        ThresholdRule.parse(thresholdAt));
  }

  /** The input channels {@code --channels} asks for, looking at the image files for auto. */
  private int channels(PretrainData pretrainData, PairData pairData) {
    switch (channels.toLowerCase(Locale.ROOT)) {
      case "1", "gray", "grey" -> {
        return PreprocessingSpec.GRAY;
      }
      case "3", "rgb" -> {
        return PreprocessingSpec.RGB;
      }
      case "auto" -> {
        List<Path> files = new ArrayList<>(pairData.imageFiles());
        files.addAll(pretrainData.imageFiles());
        Optional<Path> colour = ColourScan.firstInColour(files);
        if (colour.isPresent()) {
          LOG.info("Input channels: 3 (--channels auto: {} has colour)", colour.get());
          return PreprocessingSpec.RGB;
        }
        if (!files.isEmpty()) {
          LOG.info(
              "Input channels: 1 (--channels auto: none of {} image files has colour)",
              files.size());
        }
        return PreprocessingSpec.GRAY;
      }
      default ->
          throw new IllegalArgumentException(
              "--channels must be 1, 3 or auto, not '" + channels + "'");
    }
  }

  private PretrainData pretrainSource(int epochs) {
    if (pretrainIdxImages != null || pretrainIdxLabels != null) {
      if (pretrainIdxImages == null || pretrainIdxLabels == null) {
        throw new IllegalArgumentException(
            "--pretrain-idx-images and --pretrain-idx-labels go together");
      }
      return new PretrainData.Idx(pretrainIdxImages, pretrainIdxLabels, pretrainLimit);
    }
    if (epochs == 0 || "none".equals(pretrainData)) {
      return new PretrainData.None();
    }
    if ("digits".equals(pretrainData)) {
      return new PretrainData.EmbeddedDigits();
    }
    return new PretrainData.Folder(Path.of(pretrainData));
  }

  private PairData pairSource(Set<Integer> excluded) {
    if (pairsIdxImages != null || pairsIdxLabels != null) {
      if (pairsIdxImages == null || pairsIdxLabels == null) {
        throw new IllegalArgumentException("--pairs-idx-images and --pairs-idx-labels go together");
      }
      return new PairData.Idx(pairsIdxImages, pairsIdxLabels, pairsLimit, holdoutClasses, excluded);
    }
    if ("rectangles".equals(pairs)) {
      return new PairData.Rectangles();
    }
    if ("digits".equals(pairs)) {
      return new PairData.EmbeddedDigits(holdoutClasses, excluded);
    }
    Path path = Path.of(pairs);
    if (Files.isRegularFile(path) || pairs.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      return new PairData.Csv(path);
    }
    return new PairData.Folder(path, holdoutClasses, excluded);
  }
}
