package io.siameseonnx.trainer.cli;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.model.spec.Architectures;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.shared.io.AtomicFiles;
import io.siameseonnx.trainer.model.BlockBuilder;
import io.siameseonnx.trainer.optim.AdjustableRate;
import io.siameseonnx.trainer.train.OptimizerChoice;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-train}: training throughput of a tower with a 10-class softmax head on random data,
 * the number that {@code trainer/bench/train-throughput.sh} compares with PyTorch.
 */
@Command(
    name = "bench-train",
    mixinStandardHelpOptions = true,
    description =
        "Measure training samples/s (forward, backward, optimizer step) of a tower with a softmax"
            + " head on random 32x32 inputs; prints the figures and writes JSON.")
public final class BenchTrainCommand implements Callable<Integer> {
  @Option(
      names = "--arch",
      defaultValue = "seed",
      description = "Tower. Default: ${DEFAULT-VALUE}.")
  String arch;

  @Option(names = "--batch-size", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--optimizer", defaultValue = "adam", description = "Default: ${DEFAULT-VALUE}.")
  String optimizer;

  @Option(
      names = "--steps",
      defaultValue = "60",
      description = "Timed steps. Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "Untimed steps. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--json", description = "Write the figures to this JSON file.")
  Path json;

  @Override
  public Integer call() throws Exception {
    Engine.getInstance().setRandomSeed(1);
    TowerSpec spec = Architectures.named(arch, 1, 32, 32);
    SequentialBlock net = BlockBuilder.classifier(BlockBuilder.tower(spec), 10);
    Random rnd = new Random(1);
    float[] data = new float[batchSize * 32 * 32];
    for (int i = 0; i < data.length; i++) {
      data[i] = rnd.nextFloat();
    }
    float[] labels = new float[batchSize];
    for (int i = 0; i < batchSize; i++) {
      labels[i] = rnd.nextInt(10);
    }
    Loss loss = Loss.softmaxCrossEntropyLoss();
    double forwardBackward = 0;
    double step = 0;
    try (Model model = Model.newInstance("bench")) {
      model.setBlock(net);
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(loss)
              .optOptimizer(OptimizerChoice.parse(optimizer).build(new AdjustableRate(1e-4f)));
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(new Shape(batchSize, 1, 32, 32));
        for (int s = 0; s < warmup + steps; s++) {
          long t0 = System.nanoTime();
          try (NDManager sub = trainer.getManager().newSubManager()) {
            NDArray x = sub.create(data, new Shape(batchSize, 1, 32, 32));
            NDArray y = sub.create(labels);
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
              gc.backward(loss.evaluate(new NDList(y), new NDList(logits)));
            }
            long t1 = System.nanoTime();
            trainer.step();
            long t2 = System.nanoTime();
            if (s >= warmup) {
              forwardBackward += (t1 - t0) / 1e9;
              step += (t2 - t1) / 1e9;
            }
          }
        }
      }
    }
    double total = forwardBackward + step;
    double samplesPerSecond = steps * batchSize / total;
    System.out.printf(
        Locale.ROOT,
        "djl %s tower, batch %d, %s, %d threads: %.0f samples/s (forward+backward %.1f ms,"
            + " optimizer step %.1f ms per batch)%n",
        arch,
        batchSize,
        optimizer,
        Integer.getInteger(
            "ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()),
        samplesPerSecond,
        1000 * forwardBackward / steps,
        1000 * step / steps);
    if (json != null) {
      ObjectNode node = ModelCards.mapper().createObjectNode();
      node.put("framework", "djl");
      node.put("arch", arch);
      node.put("batch_size", batchSize);
      node.put("optimizer", optimizer);
      node.put("samples_per_second", samplesPerSecond);
      node.put("forward_backward_ms", 1000 * forwardBackward / steps);
      node.put("step_ms", 1000 * step / steps);
      AtomicFiles.write(json, ModelCards.mapper().writeValueAsBytes(node));
    }
    return 0;
  }
}
