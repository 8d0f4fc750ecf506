package io.siameseonnx.model.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.model.spec.Layer.BatchNorm;
import io.siameseonnx.model.spec.Layer.Conv;
import io.siameseonnx.model.spec.Layer.Dense;
import io.siameseonnx.model.spec.Layer.Flatten;
import io.siameseonnx.model.spec.Layer.GlobalAvgPool;
import io.siameseonnx.model.spec.Layer.MaxPool;
import io.siameseonnx.model.spec.Layer.Relu;
import io.siameseonnx.model.spec.Layer.Residual;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The named towers at every input size they take: the shape inference of global average pooling and
 * of the residual tower, the size rules of the others, and that nothing changed where the old
 * towers already worked.
 */
class TowerSizesTest {
  private static final ObjectMapper JSON = io.siameseonnx.model.card.ModelCards.mapper();

  @Test
  void globalAveragePoolingTakesAnyMapToItsChannels() {
    GlobalAvgPool gap = new GlobalAvgPool();

    assertThat(gap.outputShape(new long[] {64, 7, 5})).containsExactly(64);
    assertThat(gap.outputShape(new long[] {3, 1, 1})).containsExactly(3);
    assertThat(gap.parameters(new long[] {64, 7, 5})).isEmpty();
    assertThatThrownBy(() -> gap.outputShape(new long[] {16}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank 3");
  }

  @Test
  void globalAveragePoolingAndProjectionShortcutsSurviveJson() throws Exception {
    TowerSpec tower = Architectures.named(Architectures.RESNET, 3, 32, 32);

    String json = JSON.writeValueAsString(tower);

    assertThat(json.replaceAll("\\s", ""))
        .contains("\"type\":\"global_avg_pool\"", "\"shortcut\":[{\"type\":\"conv\"");
    assertThat(JSON.readValue(json, TowerSpec.class)).isEqualTo(tower);
  }

  @Test
  void anIdentityShortcutIsLeftOutOfTheJsonAndReadBackFromTheOldForm() throws Exception {
    Residual block = new Residual(List.of(new Conv(2, 3, 1, 1)));
    TowerSpec tower = new TowerSpec("r", new long[] {2, 4, 4}, List.of(block, new Flatten()));

    String json = JSON.writeValueAsString(tower);

    assertThat(json).doesNotContain("shortcut");
    TowerSpec back = JSON.readValue(json, TowerSpec.class);
    assertThat(back).isEqualTo(tower);
    assertThat(((Residual) back.layers().get(0)).shortcut()).isEmpty();
  }

  @Test
  void aShortcutThatDoesNotMatchTheBodyIsRefused() {
    Residual block = new Residual(List.of(new Conv(8, 3, 2, 1)), List.of(new Conv(8, 1, 1, 0)));

    assertThatThrownBy(() -> block.outputShape(new long[] {4, 8, 8}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("body gives [8, 4, 4] but its shortcut gives [8, 8, 8]");
  }

  @Test
  void theResidualTowerHalvesTheMapTwiceAndPoolsItAway() {
    assertThat(stageShapes(32)).containsExactly("[32, 32, 32]", "[64, 16, 16]", "[128, 8, 8]");
    assertThat(stageShapes(8)).containsExactly("[32, 8, 8]", "[64, 4, 4]", "[128, 2, 2]");
    assertThat(stageShapes(13)).containsExactly("[32, 13, 13]", "[64, 7, 7]", "[128, 4, 4]");
    // the stem strides from 48 px and pools from 96 px, so stage one sees at most 48x48
    assertThat(stageShapes(64)).containsExactly("[32, 32, 32]", "[64, 16, 16]", "[128, 8, 8]");
    assertThat(stageShapes(95)).containsExactly("[32, 48, 48]", "[64, 24, 24]", "[128, 12, 12]");
    assertThat(stageShapes(128)).containsExactly("[32, 32, 32]", "[64, 16, 16]", "[128, 8, 8]");
    TowerSpec tower = Architectures.named(Architectures.RESNET, 3, 100, 100);
    List<long[]> shapes = tower.shapes();
    assertThat(shapes.get(shapes.size() - 2)).containsExactly(128);
    assertThat(tower.embeddingDimension()).isEqualTo(128);
  }

  @Test
  void theResidualTowersProjectionShortcutsHaveTheirOwnParameters() {
    TowerSpec tower = Architectures.named(Architectures.RESNET, 3, 32, 32);

    assertThat(tower.parameters())
        .extracting(p -> p.qualifiedName() + Arrays.toString(p.shape()))
        .contains(
            "layer0.weight[32, 3, 3, 3]",
            "layer3.0.weight[32, 32, 3, 3]",
            "layer5.0.weight[64, 32, 3, 3]",
            "layer5.s0.weight[64, 32, 1, 1]",
            "layer5.s1.runningVar[64]",
            "layer7.s0.weight[128, 64, 1, 1]",
            "layer10.weight[128, 128]")
        .noneMatch(name -> name.startsWith("layer3.s"));
    assertThat(parameterCount(tower)).isBetween(300_000L, 360_000L);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"seed", "compact", "wide", "resnet"})
  void everyTowerTakesEverySideFrom8To128InGreyOrColour(String name) {
    for (int side = Architectures.MIN_SIDE; side <= Architectures.MAX_SIDE; side++) {
      for (int channels : new int[] {1, 3}) {
        TowerSpec tower = Architectures.named(name, channels, side, side);
        String at = name + " at " + channels + "x" + side + "x" + side;
        int dimension = tower.embeddingDimension();
        switch (name) {
          case "seed" -> assertThat(dimension).as(at).isEqualTo(256);
          case "compact", "resnet" -> assertThat(dimension).as(at).isEqualTo(128);
          default -> {
            assertThat(dimension).as(at).isBetween(64, 1024);
            if (side == 8 || side >= 32) {
              assertThat(dimension).as(at).isEqualTo(1024);
            }
          }
        }
        assertThat(parameterCount(tower)).as(at).isLessThanOrEqualTo(8_300_000L);
      }
    }
  }

  @Test
  void aboveThirtyTwoPixelsTheMapBeforeTheFlattenKeepsItsThirtyTwoPixelSize() {
    for (int side : new int[] {33, 40, 64, 100, 128}) {
      assertThat(flattenInput(Architectures.SEED, side)).containsExactly(32, 22, 22);
      assertThat(flattenInput(Architectures.COMPACT, side)).containsExactly(64, 4, 4);
      assertThat(flattenInput(Architectures.WIDE, side)).containsExactly(64, 4, 4);
    }
    // below 11 px the seed's kernels are 4x4 and 2x2
    assertThat(flattenInput(Architectures.SEED, 8)).containsExactly(32, 4, 4);
    assertThat(flattenInput(Architectures.SEED, 10)).containsExactly(32, 6, 6);
  }

  @Test
  void whereTheOldTowersFittedTheirInputWithinTheirThirtyTwoPixelSizeTheyAreUnchanged() {
    for (int channels : new int[] {1, 3}) {
      for (int side = 8; side <= 39; side++) {
        if (side >= 11 && side <= 32) {
          assertThat(Architectures.named(Architectures.SEED, channels, side, side).layers())
              .as("seed at %d", side)
              .isEqualTo(previousSeed());
        }
        assertThat(Architectures.named(Architectures.COMPACT, channels, side, side).layers())
            .as("compact at %d", side)
            .isEqualTo(previousCompact());
        assertThat(Architectures.named(Architectures.WIDE, channels, side, side).layers())
            .as("wide at %d", side)
            .isEqualTo(previousWide(side));
      }
    }
  }

  @ParameterizedTest(name = "{0} px")
  @ValueSource(ints = {0, 7, 129, 512})
  void sidesOutsideEightTo128AreRefused(int side) {
    assertThatThrownBy(() -> Architectures.named(Architectures.COMPACT, 1, side, side))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8 to 128");
  }

  private static List<String> stageShapes(int side) {
    TowerSpec tower = Architectures.named(Architectures.RESNET, 3, side, side);
    List<String> out = new ArrayList<>();
    List<long[]> shapes = tower.shapes();
    for (int i = 0; i < tower.layers().size(); i++) {
      if (tower.layers().get(i) instanceof Residual) {
        out.add(Arrays.toString(shapes.get(i)));
      }
    }
    return out;
  }

  private static long[] flattenInput(String name, int side) {
    TowerSpec tower = Architectures.named(name, 1, side, side);
    int flatten = tower.layers().indexOf(new Flatten());
    return tower.shapes().get(flatten - 1);
  }

  private static long parameterCount(TowerSpec tower) {
    return tower.parameters().stream().mapToLong(TowerSpec.Parameter::size).sum();
  }

  /** The seed tower as it was before inputs of other sizes were taken. */
  private static List<Layer> previousSeed() {
    return List.of(
        new Conv(16, 8, 1, 0),
        new Relu(),
        new Conv(32, 4, 1, 0),
        new Relu(),
        new Flatten(),
        new Dense(512),
        new Relu(),
        new Dense(256),
        new Relu());
  }

  /** The compact tower as it was. */
  private static List<Layer> previousCompact() {
    return List.of(
        new Conv(16, 3, 1, 1),
        new BatchNorm(BatchNorm.DEFAULT_EPSILON),
        new Relu(),
        new MaxPool(2, 2),
        new Conv(32, 3, 1, 1),
        new BatchNorm(BatchNorm.DEFAULT_EPSILON),
        new Relu(),
        new MaxPool(2, 2),
        new Conv(64, 3, 1, 1),
        new BatchNorm(BatchNorm.DEFAULT_EPSILON),
        new Relu(),
        new MaxPool(2, 2),
        new Flatten(),
        new Dense(128));
  }

  /** The wide tower as it was: its rule, copied from before. */
  private static List<Layer> previousWide(int side) {
    int pools = 0;
    while (pools < 3 && side / (1 << pools) > 4) {
      pools++;
    }
    int[] filters = {32, 64, 64};
    List<Layer> layers = new ArrayList<>();
    for (int block = 0; block < filters.length; block++) {
      layers.add(new Conv(filters[block], 3, 1, 1));
      layers.add(new BatchNorm(BatchNorm.DEFAULT_EPSILON));
      layers.add(new Relu());
      if (block >= filters.length - pools) {
        layers.add(new MaxPool(2, 2));
      }
    }
    layers.add(new Flatten());
    return layers;
  }
}
