package io.siameseonnx.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.spec.Architectures;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.trainer.model.CheckpointInfo;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the card of an export takes from the checkpoint it is made from. */
class ModelCardFactoryTest {
  private static final TowerSpec SPEC = Architectures.named(Architectures.COMPACT, 1, 32, 32);

  @Test
  void theCardRecordsTheFineTuningAugmentationOfTheCheckpoint() {
    CheckpointInfo plain = ExportFixtures.info(SPEC);
    CheckpointInfo augmented =
        new CheckpointInfo(
            plain.tower(),
            plain.preprocessing(),
            plain.stage(),
            plain.loss(),
            plain.margin(),
            plain.metric(),
            plain.threshold(),
            plain.metrics(),
            plain.dataFingerprint(),
            plain.protocol(),
            "crop,jitter");

    assertThat(ModelCardFactory.create(augmented, "m", Instant.EPOCH).augment())
        .isEqualTo("crop,jitter");
    assertThat(ModelCardFactory.create(plain, "m", Instant.EPOCH).augment())
        .isEqualTo(ModelCard.NO_AUGMENTATION);
  }
}
