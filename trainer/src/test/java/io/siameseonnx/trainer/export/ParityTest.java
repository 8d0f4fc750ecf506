package io.siameseonnx.trainer.export;

import static io.siameseonnx.trainer.export.ExportFixtures.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.onnx.SiameseGraphs;
import io.siameseonnx.model.spec.Architectures;
import io.siameseonnx.model.spec.Layer;
import io.siameseonnx.model.spec.Layer.BatchNorm;
import io.siameseonnx.model.spec.Layer.Conv;
import io.siameseonnx.model.spec.Layer.Dense;
import io.siameseonnx.model.spec.Layer.Dropout;
import io.siameseonnx.model.spec.Layer.Flatten;
import io.siameseonnx.model.spec.Layer.L2Normalize;
import io.siameseonnx.model.spec.Layer.MaxPool;
import io.siameseonnx.model.spec.Layer.Relu;
import io.siameseonnx.model.spec.Layer.Residual;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.model.DjlWeights;
import io.siameseonnx.trainer.model.TowerInference;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ONNX Runtime reproduces DJL's forward pass for every architecture and every layer kind. */
class ParityTest {
  private static final Logger LOG = LoggerFactory.getLogger(ParityTest.class);
  private static final double TOLERANCE = 1e-5;

  @TempDir Path dir;

  static Stream<Arguments> architectures() {
    return Stream.of(
        Arguments.of("seed", Architectures.named(Architectures.SEED, 1, 32, 32)),
        Arguments.of("compact", Architectures.named(Architectures.COMPACT, 1, 32, 32)),
        Arguments.of(
            "wide + l2", Architectures.named(Architectures.WIDE, 1, 32, 32).withL2Normalize()),
        Arguments.of("wide at 8x8", Architectures.named(Architectures.WIDE, 1, 8, 8)),
        Arguments.of(
            "seed + l2", Architectures.named(Architectures.SEED, 1, 32, 32).withL2Normalize()));
  }

  static Stream<Arguments> layerKinds() {
    long[] in = {1, 12, 12};
    return Stream.of(
        Arguments.of("conv, padding 1, stride 2", spec(in, new Conv(4, 3, 2, 1), new Flatten())),
        Arguments.of("conv, no padding, stride 1", spec(in, new Conv(3, 5, 1, 0), new Flatten())),
        Arguments.of("relu", spec(in, new Conv(4, 3, 1, 1), new Relu(), new Flatten())),
        Arguments.of(
            "max pool 2/2", spec(in, new Conv(4, 3, 1, 1), new MaxPool(2, 2), new Flatten())),
        Arguments.of(
            "max pool 3/2", spec(in, new Conv(2, 2, 1, 0), new MaxPool(3, 2), new Flatten())),
        Arguments.of(
            "batch norm on channels",
            spec(in, new Conv(4, 3, 1, 1), new BatchNorm(1e-5f), new Flatten())),
        Arguments.of(
            "batch norm on features, epsilon 1e-3",
            spec(in, new Flatten(), new Dense(16), new BatchNorm(1e-3f), new Dense(8))),
        Arguments.of("flatten", spec(in, new Flatten())),
        Arguments.of("dense", spec(in, new Flatten(), new Dense(10))),
        Arguments.of("dropout last", spec(in, new Flatten(), new Dense(10), new Dropout(0.5f))),
        Arguments.of("dropout inside", spec(in, new Flatten(), new Dropout(0.3f), new Dense(10))),
        Arguments.of("l2 normalize", spec(in, new Flatten(), new Dense(10), new L2Normalize())),
        Arguments.of(
            "residual block of conv, batch norm and relu",
            spec(
                in,
                new Conv(4, 3, 1, 1),
                new Residual(
                    List.of(
                        new Conv(4, 3, 1, 1),
                        new BatchNorm(1e-5f),
                        new Relu(),
                        new Conv(4, 3, 1, 1),
                        new BatchNorm(1e-5f))),
                new Relu(),
                new Flatten())),
        Arguments.of(
            "two residual blocks, one nested",
            spec(
                in,
                new Flatten(),
                new Dense(8),
                new Residual(
                    List.of(
                        new Dense(8),
                        new Relu(),
                        new Residual(List.of(new Dense(8), new BatchNorm(1e-3f))))),
                new Residual(List.of(new Dense(8))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("architectures")
  void everyNamedArchitectureMatchesDjl(String label, TowerSpec spec) throws Exception {
    assertParity(label, spec, 16);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layerKinds")
  void everyLayerKindMatchesDjlOnItsOwn(String label, TowerSpec spec) throws Exception {
    assertParity(label, spec, 24);
  }

  private void assertParity(String label, TowerSpec spec, int count) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      SequentialBlock tower = ExportFixtures.tower(spec, manager);
      boolean hasBatchNorm = spec.layers().stream().anyMatch(l -> l instanceof BatchNorm);
      if (hasBatchNorm) {
        ExportFixtures.trainBatchNorm(tower, spec, manager, 3);
      }
      float[][] images = ExportFixtures.images(count, spec.inputShape(), 7);
      float[][] expected = TowerInference.embed(tower, manager, spec.inputShape(), images, 8);

      ModelCard card = ModelCardFactory.create(ExportFixtures.info(spec), "m", Instant.EPOCH);
      Path embeddingFile = dir.resolve("embedding.onnx");
      ExportFixtures.write(
          SiameseGraphs.embedding(spec, new DjlWeights(tower), card), embeddingFile);
      float[][] actual = ExportVerifier.embed(embeddingFile, spec.inputShape(), images);
      double embeddingDiff = maxAbsDiff(actual, expected);

      float[][] b = new float[count][];
      for (int i = 0; i < count; i++) {
        b[i] = images[(i + 3) % count];
      }
      for (Metric metric : Metric.values()) {
        Path pairFile = dir.resolve("pair-" + metric.wireName() + ".onnx");
        ExportFixtures.write(
            SiameseGraphs.distance(
                spec,
                new DjlWeights(tower),
                ModelCardFactory.create(ExportFixtures.info(spec, metric), "m", Instant.EPOCH)
                    .forDistanceModel("p")),
            pairFile);
        float[] distances = ExportVerifier.distances(pairFile, spec.inputShape(), images, b);
        double distanceDiff = 0;
        for (int i = 0; i < count; i++) {
          double want = metric.between(expected[i], expected[(i + 3) % count]);
          distanceDiff = Math.max(distanceDiff, Math.abs(distances[i] - want));
        }
        LOG.info(
            "{}: max abs diff {} (embeddings), {} ({} distances)",
            label,
            embeddingDiff,
            distanceDiff,
            metric.wireName());
        assertThat(distanceDiff).as(label + " " + metric + " distance").isLessThan(TOLERANCE);
      }
      assertThat(embeddingDiff).as(label + " embedding").isLessThan(TOLERANCE);
    }
  }

  private static TowerSpec spec(long[] input, Layer... layers) {
    return new TowerSpec("test", input, List.of(layers));
  }
}
