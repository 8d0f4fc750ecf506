package io.siameseonnx.trainer.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.model.BlockBuilder;
import io.siameseonnx.trainer.optim.AdjustableRate;
import java.util.Random;

/**
 * Stage 1: trains the tower with a softmax head on labelled images ("make the model understand
 * images in general"), keeping the weights of the epoch with the lowest validation loss. The head
 * is dropped afterwards; the tower's weights are updated in place.
 */
public final class Pretrainer {
  /** The stage's name in metrics and progress output. */
  public static final String STAGE = "pretrain";

  private final PretrainConfig config;
  private final ProgressListener progress;

  /** Creates a pretrainer. */
  public Pretrainer(PretrainConfig config, ProgressListener progress) {
    this.config = config;
    this.progress = progress;
  }

  /**
   * Trains {@code tower} (initialised, parameters on {@code manager}'s tree) on the split data.
   *
   * @param tower the embedding tower, updated in place
   * @param inputShape C, H, W
   * @param train training images
   * @param validation validation images
   * @return the stage's history and speed
   */
  public StageResult train(
      SequentialBlock tower, long[] inputShape, LabeledImages train, LabeledImages validation) {
    SequentialBlock net = BlockBuilder.classifier(tower, train.numClasses());
    Loss loss = Loss.softmaxCrossEntropyLoss();
    AdjustableRate rate = new AdjustableRate(config.learningRate());
    PlateauMonitor monitor = new PlateauMonitor(config.stopPatience(), config.lrPatience(), 1e-4);
    Random rnd = new Random(config.seed());
    long samples = 0;
    double trainSeconds = 0;
    long start = System.nanoTime();
    try (Model model = Model.newInstance(STAGE);
        EpochSchedule schedule =
            new EpochSchedule(STAGE, tower, rate, config.lrFactor(), monitor, progress)) {
      model.setBlock(net);
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(loss).optOptimizer(config.optimizer().build(rate));
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(
            new Shape(config.batchSize(), inputShape[0], inputShape[1], inputShape[2]));
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
          long epochStart = System.nanoTime();
          TrainingPass pass = trainEpoch(trainer, train, inputShape, loss, rnd, epoch);
          double epochTrain = (System.nanoTime() - epochStart) / 1e9;
          trainSeconds += epochTrain;
          samples += pass.samples();
          double[] val = evaluate(net, trainer.getManager(), inputShape, validation, loss);
          EpochStats stats =
              new EpochStats(
                  epoch,
                  pass.loss(),
                  pass.accuracy(),
                  val[0],
                  val[1],
                  rate.value(),
                  (System.nanoTime() - epochStart) / 1e9,
                  pass.samples());
          if (!schedule.endEpoch(stats)) {
            break;
          }
        }
        schedule.restoreBest();
        double seconds = (System.nanoTime() - start) / 1e9;
        return schedule.result(seconds, trainSeconds > 0 ? samples / trainSeconds : 0);
      }
    }
  }

  /** One shuffled pass over the training images: mean loss, accuracy and the images seen. */
  private TrainingPass trainEpoch(
      Trainer trainer, LabeledImages train, long[] inputShape, Loss loss, Random rnd, int epoch) {
    int[] order = Batches.shuffled(train.size(), rnd);
    int batches = (train.size() + config.batchSize() - 1) / config.batchSize();
    double lossSum = 0;
    long correct = 0;
    for (int b = 0; b < batches; b++) {
      int from = b * config.batchSize();
      int to = Math.min(train.size(), from + config.batchSize());
      try (NDManager sub = trainer.getManager().newSubManager()) {
        NDArray x = Batches.stack(sub, train.images(), order, from, to, inputShape);
        if (config.augment()) {
          x = Augment.randomShift(x, 2, rnd);
        }
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
          labels[i - from] = train.labels()[order[i]];
        }
        NDArray y = sub.create(labels);
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
          NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
          gc.backward(l);
          lossSum += l.getFloat() * (to - from);
          correct += logits.argMax(1).toType(y.getDataType(), false).eq(y).sum().getLong();
        }
        trainer.step();
      }
      progress.onBatch(STAGE, epoch, b + 1, batches, lossSum / to);
    }
    return new TrainingPass(lossSum / train.size(), (double) correct / train.size(), train.size());
  }

  /** Validation loss and accuracy in inference mode. */
  private double[] evaluate(
      SequentialBlock net, NDManager manager, long[] inputShape, LabeledImages data, Loss loss) {
    ParameterStore store = new ParameterStore(manager, false);
    double lossSum = 0;
    long correct = 0;
    int batch = 256;
    int[] order = Batches.identity(data.size());
    for (int from = 0; from < data.size(); from += batch) {
      int to = Math.min(data.size(), from + batch);
      try (NDManager sub = manager.newSubManager()) {
        NDArray x = Batches.stack(sub, data.images(), order, from, to, inputShape);
        int[] labels = java.util.Arrays.copyOfRange(data.labels(), from, to);
        NDArray y = sub.create(labels);
        NDArray logits = net.forward(store, new NDList(x), false).singletonOrThrow();
        lossSum += loss.evaluate(new NDList(y), new NDList(logits)).getFloat() * (to - from);
        correct += logits.argMax(1).toType(y.getDataType(), false).eq(y).sum().getLong();
      }
    }
    return new double[] {lossSum / data.size(), (double) correct / data.size()};
  }
}
