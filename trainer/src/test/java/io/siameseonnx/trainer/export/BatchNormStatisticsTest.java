package io.siameseonnx.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.onnx.SiameseGraphs;
import io.siameseonnx.model.spec.Layer;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.trainer.model.DjlWeights;
import io.siameseonnx.trainer.model.TowerInference;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins down what DJL's batch norm on the PyTorch engine does, since the ONNX graph copies its
 * running statistics: DJL's momentum 0.9 becomes PyTorch's 0.1, the running variance is updated
 * with the unbiased batch variance, and inference normalises with the running statistics.
 */
class BatchNormStatisticsTest {
  private static final float EPS = 1e-3f;
  private static final TowerSpec SPEC =
      new TowerSpec(
          "bn", new long[] {1, 2, 2}, List.of(new Layer.Flatten(), new Layer.BatchNorm(EPS)));

  @TempDir Path dir;

  @Test
  void oneTrainingPassMovesTheRunningStatisticsATenthOfTheWayToTheBatchStatistics() {
    try (NDManager manager = NDManager.newBaseManager()) {
      SequentialBlock tower = ExportFixtures.tower(SPEC, manager);
      float[] x = batch();
      tower.forward(
          new ParameterStore(manager, false),
          new NDList(manager.create(x, new Shape(6, 1, 2, 2))),
          true);

      float[] mean = param(tower, "runningMean");
      float[] var = param(tower, "runningVar");
      for (int f = 0; f < 4; f++) {
        double m = 0;
        for (int n = 0; n < 6; n++) {
          m += x[n * 4 + f];
        }
        m /= 6;
        double ss = 0;
        for (int n = 0; n < 6; n++) {
          ss += (x[n * 4 + f] - m) * (x[n * 4 + f] - m);
        }
        double unbiased = ss / 5;
        assertThat((double) mean[f]).isCloseTo(0.1 * m, within(1e-5));
        assertThat((double) var[f]).isCloseTo(0.9 * 1 + 0.1 * unbiased, within(1e-5));
      }
    }
  }

  @Test
  void inferenceNormalisesWithTheRunningStatisticsAndOnnxAgrees() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      SequentialBlock tower = ExportFixtures.tower(SPEC, manager);
      ExportFixtures.trainBatchNorm(tower, SPEC, manager, 4);
      float[] gamma = param(tower, "gamma");
      float[] beta = param(tower, "beta");
      float[] mean = param(tower, "runningMean");
      float[] var = param(tower, "runningVar");
      assertThat(mean).as("running mean moved").matches(a -> Math.abs(a[0]) > 0.05);
      assertThat(var).as("running var moved").matches(a -> Math.abs(a[0] - 1) > 0.05);

      float[][] images = ExportFixtures.images(5, SPEC.inputShape(), 3);
      float[][] djl = TowerInference.embed(tower, manager, SPEC.inputShape(), images, 5);
      for (int n = 0; n < images.length; n++) {
        for (int f = 0; f < 4; f++) {
          double want = (images[n][f] - mean[f]) / Math.sqrt(var[f] + EPS) * gamma[f] + beta[f];
          assertThat((double) djl[n][f]).isCloseTo(want, within(1e-5));
        }
      }

      ModelCard card = ModelCardFactory.create(ExportFixtures.info(SPEC), "bn", Instant.EPOCH);
      Path file = dir.resolve("bn.onnx");
      ExportFixtures.write(SiameseGraphs.embedding(SPEC, new DjlWeights(tower), card), file);
      float[][] onnx = ExportVerifier.embed(file, SPEC.inputShape(), images);
      assertThat(ExportFixtures.maxAbsDiff(onnx, djl)).isLessThan(1e-6);
    }
  }

  private static float[] batch() {
    float[] x = new float[24];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 1.7) * 2 + (i % 4);
    }
    return x;
  }

  private static float[] param(SequentialBlock tower, String name) {
    Block bn = tower.getChildren().get(1).getValue();
    NDArray array = bn.getParameters().get(name).getArray();
    return array.toFloatArray();
  }
}
