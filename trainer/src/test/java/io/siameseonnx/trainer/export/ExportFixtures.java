package io.siameseonnx.trainer.export;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.image.PreprocessingSpec;
import io.siameseonnx.trainer.model.BlockBuilder;
import io.siameseonnx.trainer.model.CheckpointInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/** Towers, inputs and checkpoint infos shared by the export tests. */
final class ExportFixtures {
  static final long SEED = 20240611L;

  private ExportFixtures() {}

  /**
   * A randomly initialised tower (fixed seed) whose biases, gammas and betas are also random, so
   * that a mis-wired one shows in the outputs.
   */
  static SequentialBlock tower(TowerSpec spec, NDManager manager) {
    Engine.getInstance().setRandomSeed((int) SEED);
    SequentialBlock block = BlockBuilder.tower(spec);
    long[] in = spec.inputShape();
    block.initialize(manager, DataType.FLOAT32, new Shape(1, in[0], in[1], in[2]));
    for (Pair<String, Parameter> p : block.getParameters()) {
      String name = p.getKey();
      NDArray array = p.getValue().getArray();
      if (name.endsWith("bias") || name.endsWith("beta")) {
        array.addi(manager.randomUniform(-0.2f, 0.2f, array.getShape()));
      } else if (name.endsWith("gamma")) {
        array.addi(manager.randomUniform(-0.5f, 0.5f, array.getShape()));
      }
    }
    return block;
  }

  /**
   * Runs training-mode forward passes so that batch-norm running statistics move away from their
   * initial (0, 1); the inputs are shifted and scaled so the statistics are clearly non-trivial.
   */
  static void trainBatchNorm(SequentialBlock tower, TowerSpec spec, NDManager manager, int passes) {
    ParameterStore store = new ParameterStore(manager, false);
    long[] in = spec.inputShape();
    for (int i = 0; i < passes; i++) {
      try (NDManager sub = manager.newSubManager()) {
        NDArray x =
            sub.randomUniform(-1f, 3f, new Shape(16, in[0], in[1], in[2])).mul(1.5f).add(0.25f);
        tower.forward(store, new NDList(x), true);
      }
    }
  }

  /** Images like preprocessed ones: white background (1.0) with darker strokes and noise. */
  static float[][] images(int n, long[] inputShape, long seed) {
    Random rng = new Random(seed);
    int c = (int) inputShape[0];
    int h = (int) inputShape[1];
    int w = (int) inputShape[2];
    float[][] out = new float[n][c * h * w];
    for (int k = 0; k < n; k++) {
      float[] img = out[k];
      java.util.Arrays.fill(img, 1f);
      int strokes = 2 + rng.nextInt(4);
      for (int s = 0; s < strokes; s++) {
        double x = rng.nextDouble() * w;
        double y = rng.nextDouble() * h;
        double dx = rng.nextGaussian();
        double dy = rng.nextGaussian();
        for (int t = 0; t < 3 * Math.max(h, w); t++) {
          int px = (int) (x + dx * t / 3);
          int py = (int) (y + dy * t / 3);
          if (px >= 0 && px < w && py >= 0 && py < h) {
            for (int ch = 0; ch < c; ch++) {
              img[ch * h * w + py * w + px] = (float) (0.1 * rng.nextDouble());
            }
          }
        }
      }
      for (int i = 0; i < img.length; i++) {
        img[i] = Math.min(1f, Math.max(0f, img[i] + (float) (0.05 * rng.nextGaussian())));
      }
    }
    return out;
  }

  /** A checkpoint info for a tower with 1-channel square inputs, trained on Euclidean distances. */
  static CheckpointInfo info(TowerSpec spec) {
    return info(spec, Metric.EUCLIDEAN);
  }

  /** A checkpoint info for a tower with 1-channel square inputs, trained on {@code metric}. */
  static CheckpointInfo info(TowerSpec spec, Metric metric) {
    long[] in = spec.inputShape();
    return new CheckpointInfo(
        spec,
        PreprocessingSpec.of((int) in[2], (int) in[1]),
        "finetune",
        "contrastive",
        1.0,
        metric,
        0.75,
        Map.of("finetune.test_accuracy", 0.93, "finetune.test_auc", 0.97),
        "0123abcd",
        io.siameseonnx.model.card.EvaluationProtocol.unrecorded(),
        CheckpointInfo.NO_AUGMENTATION);
  }

  static void write(ModelProto model, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      model.writeTo(out);
    }
  }

  static double maxAbsDiff(float[][] a, float[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i].length != b[i].length) {
        return Double.POSITIVE_INFINITY;
      }
      for (int j = 0; j < a[i].length; j++) {
        double d = Math.abs((double) a[i][j] - b[i][j]);
        max = Double.isNaN(d) ? Double.NaN : Math.max(max, d);
      }
    }
    return max;
  }
}
