package io.siameseonnx.model.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerSpecTest {
  private static final ObjectMapper JSON = io.siameseonnx.model.card.ModelCards.mapper();

  @Test
  void everyLayerKindHasItsOwnJsonName() {
    assertThat(LayerTypes.all()).hasSize(Layer.class.getPermittedSubclasses().length);
    assertThat(LayerTypes.all().keySet())
        .contains("conv", "relu", "max_pool", "batch_norm", "dense", "residual");
  }

  @Test
  void aTowerWithAResidualBlockSurvivesJson() throws Exception {
    TowerSpec tower =
        new TowerSpec(
            "res",
            new long[] {1, 8, 8},
            List.of(
                new Layer.Conv(4, 3, 1, 1),
                new Layer.Residual(
                    List.of(
                        new Layer.Conv(4, 3, 1, 1),
                        new Layer.BatchNorm(1e-5f),
                        new Layer.Relu(),
                        new Layer.Conv(4, 3, 1, 1))),
                new Layer.Relu(),
                new Layer.Flatten(),
                new Layer.L2Normalize()));
    String json = JSON.writeValueAsString(tower);
    assertThat(json.replaceAll("\\s", "")).contains("\"type\":\"residual\"", "\"type\":\"conv\"");
    TowerSpec back = JSON.readValue(json, TowerSpec.class);
    assertThat(back).isEqualTo(tower);
    assertThat(back.embeddingDimension()).isEqualTo(256);
  }

  @Test
  void anUnknownLayerTypeIsNamedWithTheKnownOnes() {
    String json = "{\"name\":\"x\",\"input_shape\":[1,2,2],\"layers\":[{\"type\":\"lstm\"}]}";
    assertThatThrownBy(() -> JSON.readValue(json, TowerSpec.class))
        .hasMessageContaining("lstm")
        .hasMessageContaining("conv");
  }

  @Test
  void aResidualBodyMustKeepItsInputShape() {
    assertThatThrownBy(
            () ->
                new TowerSpec(
                    "bad",
                    new long[] {1, 8, 8},
                    List.of(
                        new Layer.Residual(List.of(new Layer.Conv(4, 3, 1, 1))),
                        new Layer.Flatten())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must keep its input shape [1, 8, 8]");
  }

  @Test
  void parametersOfNestedLayersHaveNestedPaths() {
    TowerSpec tower =
        new TowerSpec(
            "res",
            new long[] {2, 4, 4},
            List.of(
                new Layer.Residual(List.of(new Layer.Conv(2, 3, 1, 1), new Layer.BatchNorm(1e-5f))),
                new Layer.Flatten(),
                new Layer.Dense(3)));
    assertThat(tower.parameters())
        .extracting(p -> p.qualifiedName() + Arrays.toString(p.shape()))
        .containsExactly(
            "layer0.0.weight[2, 2, 3, 3]",
            "layer0.0.bias[2]",
            "layer0.1.gamma[2]",
            "layer0.1.beta[2]",
            "layer0.1.runningMean[2]",
            "layer0.1.runningVar[2]",
            "layer2.weight[3, 32]",
            "layer2.bias[3]");
  }

  @Test
  void namedTowersTakeTheInputsChannels() {
    for (String name : Architectures.names()) {
      TowerSpec gray = Architectures.named(name, 1, 32, 32);
      TowerSpec colour = Architectures.named(name, 3, 32, 32);
      assertThat(colour.parameters().get(0).shape()[1]).isEqualTo(3);
      assertThat(colour.embeddingDimension()).isEqualTo(gray.embeddingDimension());
    }
  }

  @Test
  void theSeedTowerHasTheArticlesSize() {
    long parameters =
        Architectures.named(Architectures.SEED, 1, 32, 32).parameters().stream()
            .mapToLong(TowerSpec.Parameter::size)
            .sum();
    assertThat(parameters).isBetween(8_000_000L, 8_300_000L);
  }
}
