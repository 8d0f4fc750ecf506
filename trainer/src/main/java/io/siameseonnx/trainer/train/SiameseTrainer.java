package io.siameseonnx.trainer.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.augment.Augmenter;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.data.PairSet;
import io.siameseonnx.trainer.eval.EmbeddingFunction;
import io.siameseonnx.trainer.eval.Verification;
import io.siameseonnx.trainer.loss.ContrastiveLoss;
import io.siameseonnx.trainer.loss.LossKind;
import io.siameseonnx.trainer.loss.SupConLoss;
import io.siameseonnx.trainer.model.BlockBuilder;
import io.siameseonnx.trainer.optim.AdjustableRate;
import io.siameseonnx.trainer.pairs.BalancedBatches;
import io.siameseonnx.trainer.pairs.PairSource;
import java.util.Random;

/**
 * Stage 2: fine-tunes the tower as a Siamese network. Both images of a pair go through the same
 * tower (one forward pass over the two halves of a batch, so the weights are shared by
 * construction), and the contrastive loss pulls similar pairs together and pushes dissimilar ones
 * beyond the margin, distances measured under the recipe's metric. With class-labelled data it can
 * instead train on class-balanced batches with online mining (triplet, contrastive) or the
 * supervised contrastive loss, optionally through a projection head that is dropped afterwards.
 * Training images are augmented as the recipe says each time they enter a batch; validation pairs
 * never are. The weights of the epoch with the lowest validation loss are kept.
 */
public final class SiameseTrainer {
  /** The stage's name in metrics and progress output. */
  public static final String STAGE = "finetune";

  private final FinetuneConfig config;
  private final Metric metric;
  private final ProgressListener progress;

  /** Creates a fine-tuner whose losses and validation measure distances under {@code metric}. */
  public SiameseTrainer(FinetuneConfig config, Metric metric, ProgressListener progress) {
    this.config = config;
    this.metric = metric;
    this.progress = progress;
  }

  /**
   * Trains {@code tower} in place on the source's pairs.
   *
   * @param tower the tower, initialised
   * @param inputShape C, H, W
   * @param pairs the pairs
   * @param imagesPerEpoch images per epoch with class-balanced batches (mining, triplets)
   */
  public StageResult train(
      SequentialBlock tower, long[] inputShape, PairSource pairs, int imagesPerEpoch) {
    ContrastiveLoss loss = new ContrastiveLoss(config.margin(), metric);
    AdjustableRate rate = new AdjustableRate(config.learningRate());
    PlateauMonitor monitor = new PlateauMonitor(config.stopPatience(), config.lrPatience(), 1e-5);
    Random rnd = new Random(config.seed());
    // its own generator, so that a run without augmentation draws exactly what it drew before
    Augmenter augmenter = new Augmenter(config.augment(), inputShape, config.seed());
    long samples = 0;
    double trainSeconds = 0;
    long start = System.nanoTime();
    BalancedBatches batcher = null;
    if (!config.plainPairs()) {
      LabeledImages labeled =
          pairs
              .labeledTrain()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--loss "
                              + config.loss().wireName()
                              + " with --mining "
                              + config.mining().wireName()
                              + " needs class-labelled data, and "
                              + pairs.description()
                              + " has none"));
      batcher = new BalancedBatches(labeled, config.classesPerBatch(), config.imagesPerClass());
    }
    if (config.freezeConv()) {
      freezeFeatureLayers(tower, true);
    }
    try (Model model = Model.newInstance(STAGE);
        EpochSchedule schedule =
            new EpochSchedule(STAGE, tower, rate, config.lrFactor(), monitor, progress)) {
      model.setBlock(
          config.projection() > 0 ? BlockBuilder.projection(tower, config.projection()) : tower);
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(loss).optOptimizer(config.optimizer().build(rate));
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(new Shape(2, inputShape[0], inputShape[1], inputShape[2]));
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
          long epochStart = System.nanoTime();
          TrainingPass pass =
              config.plainPairs()
                  ? pairEpoch(
                      trainer,
                      pairs.trainPairs(epoch, rnd),
                      inputShape,
                      augmenter,
                      loss,
                      rnd,
                      epoch)
                  : batchEpoch(trainer, batcher, inputShape, augmenter, rnd, epoch, imagesPerEpoch);
          double epochTrain = (System.nanoTime() - epochStart) / 1e9;
          trainSeconds += epochTrain;
          samples += pass.samples();
          double[] distances =
              distances(tower, trainer.getManager(), inputShape, pairs.monitorPairs(), metric);
          int[] valLabels = pairs.monitorPairs().labels();
          double valLoss = validationLoss(distances, valLabels);
          double threshold = Verification.calibrateThreshold(distances, valLabels);
          double valAcc = Verification.accuracy(distances, valLabels, threshold);
          EpochStats stats =
              new EpochStats(
                  epoch,
                  pass.loss(),
                  pass.accuracy(),
                  valLoss,
                  valAcc,
                  rate.value(),
                  (System.nanoTime() - epochStart) / 1e9,
                  pass.samples());
          if (!schedule.endEpoch(stats)) {
            break;
          }
        }
        schedule.restoreBest();
        double seconds = (System.nanoTime() - start) / 1e9;
        StageResult result =
            schedule.result(seconds, trainSeconds > 0 ? samples / trainSeconds : 0);
        return config.loss() == LossKind.SUPCON
            ? result.withValidationMeasure(SUPCON_VALIDATION_MEASURE)
            : result;
      }
    } finally {
      if (config.freezeConv()) {
        freezeFeatureLayers(tower, false);
      }
    }
  }

  /** One epoch over plain pairs with the contrastive loss: its mean loss and the pairs seen. */
  private TrainingPass pairEpoch(
      Trainer trainer,
      PairSet train,
      long[] inputShape,
      Augmenter augmenter,
      ContrastiveLoss loss,
      Random rnd,
      int epoch) {
    int[] order = Batches.shuffled(train.size(), rnd);
    int batches = (train.size() + config.batchSize() - 1) / config.batchSize();
    double lossSum = 0;
    for (int b = 0; b < batches; b++) {
      int from = b * config.batchSize();
      int to = Math.min(train.size(), from + config.batchSize());
      int n = to - from;
      try (NDManager sub = trainer.getManager().newSubManager()) {
        NDArray a = Batches.stack(sub, train.first(), order, from, to, inputShape, augmenter);
        NDArray bb = Batches.stack(sub, train.second(), order, from, to, inputShape, augmenter);
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
          labels[i] = train.labels()[order[from + i]];
        }
        NDArray y = sub.create(labels);
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDArray emb = trainer.forward(new NDList(a.concat(bb, 0))).singletonOrThrow();
          NDArray ea = emb.get("0:" + n);
          NDArray eb = emb.get(n + ":");
          NDArray l = loss.evaluate(new NDList(y), new NDList(loss.input(ea, eb)));
          gc.backward(l);
          lossSum += l.getFloat() * n;
        }
        trainer.step();
      }
      progress.onBatch(STAGE, epoch, b + 1, batches, lossSum / to);
    }
    return new TrainingPass(lossSum / train.size(), Double.NaN, train.size());
  }

  /**
   * One epoch of class-balanced batches with online mining (or all pairs/triplets of the batch); as
   * many images as {@code pairsPerEpoch} pairs would hold: its mean loss and the images seen.
   */
  private TrainingPass batchEpoch(
      Trainer trainer,
      BalancedBatches batcher,
      long[] inputShape,
      Augmenter augmenter,
      Random rnd,
      int epoch,
      int imagesPerEpoch) {
    LabeledImages images = batcher.images();
    int batches = Math.max(1, imagesPerEpoch / batcher.batchSize());
    double lossSum = 0;
    for (int b = 0; b < batches; b++) {
      int[] idx = batcher.next(rnd);
      try (NDManager sub = trainer.getManager().newSubManager()) {
        NDArray x = Batches.stack(sub, images.images(), idx, 0, idx.length, inputShape, augmenter);
        int[] labels = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
          labels[i] = images.labels()[idx[i]];
        }
        NDArray y = sub.create(labels);
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDArray emb = trainer.forward(new NDList(x)).singletonOrThrow();
          NDArray l =
              switch (config.loss()) {
                case TRIPLET -> config.mining().tripletLoss(emb, y, config.tripletMargin(), metric);
                case SUPCON -> SupConLoss.of(emb, y, config.temperature());
                case CONTRASTIVE ->
                    config.mining().contrastiveLoss(emb, y, config.margin(), metric);
              };
          gc.backward(l);
          lossSum += l.getFloat();
        }
        trainer.step();
      }
      progress.onBatch(STAGE, epoch, b + 1, batches, lossSum / (b + 1));
    }
    return new TrainingPass(lossSum / batches, Double.NaN, (long) batches * batcher.batchSize());
  }

  /** Distances under {@code metric} of every pair, in inference mode. */
  private static double[] distances(
      Block tower, NDManager manager, long[] inputShape, PairSet pairs, Metric metric) {
    return EmbeddingFunction.of(tower, manager, inputShape).distances(pairs, metric);
  }

  /**
   * The figure that picks the epoch to keep: the contrastive loss of the validation distances, or
   * for the supervised contrastive loss, whose embeddings have no margin to measure against, 1 -
   * ROC-AUC.
   */
  /**
   * What the validation figure of a supervised contrastive run is: the loss needs whole
   * class-balanced batches, so validation pairs are measured by their ROC-AUC instead.
   */
  public static final String SUPCON_VALIDATION_MEASURE = "1 - ROC-AUC (validation pairs)";

  private double validationLoss(double[] distances, int[] labels) {
    return config.loss() == LossKind.SUPCON
        ? 1 - Verification.rocAuc(distances, labels)
        : contrastive(distances, labels, config.margin());
  }

  /** The contrastive loss of distances, computed in plain Java. */
  public static double contrastive(double[] distances, int[] labels, double margin) {
    double sum = 0;
    for (int i = 0; i < distances.length; i++) {
      double d = distances[i];
      double hinge = Math.max(0, margin - d);
      sum += labels[i] == 1 ? d * d : hinge * hinge;
    }
    return distances.length == 0 ? 0 : sum / distances.length;
  }

  /**
   * Freezes or unfreezes every convolution and batch-norm layer, those inside residual blocks
   * included, leaving dense layers trainable.
   */
  static void freezeFeatureLayers(Block tower, boolean freeze) {
    for (Block child : tower.getChildren().values()) {
      if (child instanceof Convolution || child instanceof BatchNorm) {
        child.freezeParameters(freeze);
      } else if (child instanceof SequentialBlock || child instanceof ParallelBlock) {
        freezeFeatureLayers(child, freeze);
      }
    }
  }
}
