package io.siameseonnx.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.onnx.SiameseGraphs;
import io.siameseonnx.model.spec.Architectures;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.shared.image.PreprocessingSpec;
import io.siameseonnx.trainer.model.DjlWeights;
import io.siameseonnx.trainer.model.TowerInference;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every shipped tower at input sides from 8 to 128, in grey and in colour, with random weights: DJL
 * builds it and runs it, and the ONNX graph written from the same spec and weights gives the same
 * embeddings, of the documented size, in ONNX Runtime.
 */
class TowerSizesParityTest {
  private static final Logger LOG = LoggerFactory.getLogger(TowerSizesParityTest.class);

  /** Allowed difference, relative to the largest output value (at least 1). */
  private static final double TOLERANCE = 1e-4;

  private static final int[] SIDES = {8, 13, 28, 32, 64, 100, 128};

  /** Grey inputs at fewer sides, to keep the test near half a minute. */
  private static final java.util.Set<Integer> GREY_SIDES = java.util.Set.of(8, 13, 32, 128);

  @TempDir Path dir;

  static Stream<Arguments> towersSidesAndChannels() {
    return Architectures.names().stream()
        .flatMap(
            arch ->
                java.util.Arrays.stream(SIDES)
                    .boxed()
                    .flatMap(
                        side ->
                            Stream.of(1, 3)
                                .filter(c -> c == 3 || GREY_SIDES.contains(side))
                                .map(c -> Arguments.of(arch, side, c))));
  }

  @ParameterizedTest(name = "{0} at {2}x{1}x{1}")
  @MethodSource("towersSidesAndChannels")
  void onnxRuntimeGivesDjlsEmbeddingsOfTheDocumentedSize(String arch, int side, int channels)
      throws Exception {
    TowerSpec spec = Architectures.named(arch, channels, side, side);
    assertThat(spec.embeddingDimension()).isEqualTo(documentedDimension(arch, side));
    try (NDManager manager = NDManager.newBaseManager()) {
      SequentialBlock tower = ExportFixtures.tower(spec, manager);
      ExportFixtures.trainBatchNorm(tower, spec, manager, 1);
      float[][] images = ExportFixtures.images(3, spec.inputShape(), side);
      float[][] expected = TowerInference.embed(tower, manager, spec.inputShape(), images, 3);

      Path file = dir.resolve(arch + "-" + channels + "x" + side + ".onnx");
      ExportFixtures.write(SiameseGraphs.embedding(spec, new DjlWeights(tower), card(spec)), file);
      float[][] actual = ExportVerifier.embed(file, spec.inputShape(), images);

      double largest = 0;
      for (float[] e : expected) {
        assertThat(e).hasSize(spec.embeddingDimension());
        for (float v : e) {
          largest = Math.max(largest, Math.abs(v));
        }
      }
      double diff = ExportFixtures.maxAbsDiff(actual, expected);
      LOG.info(
          "{} at {}x{}x{}: max abs diff {} (largest value {})",
          arch,
          channels,
          side,
          side,
          diff,
          largest);
      assertThat(largest).as("a tower that outputs zeros would pass anything").isGreaterThan(1e-3);
      assertThat(
              ExportFixtures.maxAbsDiff(new float[][] {expected[0]}, new float[][] {expected[1]}))
          .as("different images, different embeddings")
          .isGreaterThan(1e-4);
      assertThat(diff).isLessThan(TOLERANCE * Math.max(1, largest));
    }
  }

  /** The embedding sizes the towers' Javadoc and the README give. */
  private static int documentedDimension(String arch, int side) {
    return switch (arch) {
      case Architectures.SEED -> 256;
      case Architectures.WIDE -> side == 13 || side == 28 ? 3 * 3 * 64 : 4 * 4 * 64;
      default -> 128;
    };
  }

  /** The card of the graph: the tower's size and channels. */
  private static ModelCard card(TowerSpec spec) {
    long[] in = spec.inputShape();
    return ModelCard.forTower(spec, PreprocessingSpec.of((int) in[2], (int) in[1], (int) in[0]))
        .threshold(0.5)
        .build();
  }
}
