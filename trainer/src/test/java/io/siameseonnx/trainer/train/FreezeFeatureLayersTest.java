package io.siameseonnx.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import io.siameseonnx.model.spec.Architectures;
import io.siameseonnx.trainer.model.BlockBuilder;
import org.junit.jupiter.api.Test;

/** {@code --freeze-conv} reaches the layers inside residual blocks, and leaves dense ones alone. */
class FreezeFeatureLayersTest {
  @Test
  void everyConvAndBatchNormOfTheResidualTowerIsFrozenAndTheDenseLayerIsNot() {
    try (NDManager manager = NDManager.newBaseManager()) {
      SequentialBlock tower =
          BlockBuilder.tower(Architectures.named(Architectures.RESNET, 3, 16, 16));
      tower.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));

      SiameseTrainer.freezeFeatureLayers(tower, true);

      int frozen = 0;
      for (Pair<String, Parameter> p : tower.getParameters()) {
        boolean dense = p.getKey().contains("Linear");
        assertThat(p.getValue().requiresGradient()).as(p.getKey()).isEqualTo(dense);
        frozen += dense ? 0 : 1;
      }
      // the stem's conv and batch norm (6 parameters), two of each in every block (12), and a
      // 1x1 conv and batch norm in the second and third blocks' shortcuts (6 each)
      assertThat(frozen).isEqualTo(6 + 3 * 12 + 2 * 6);

      SiameseTrainer.freezeFeatureLayers(tower, false);

      assertThat(tower.getParameters().stream())
          .filteredOn(p -> p.getKey().endsWith("weight"))
          .hasSize(10)
          .allMatch(p -> p.getValue().requiresGradient());
    }
  }
}
