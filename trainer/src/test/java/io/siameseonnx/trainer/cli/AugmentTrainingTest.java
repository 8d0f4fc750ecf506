package io.siameseonnx.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real, small fine-tuning on pairs of the embedded digits (at their own 8x8) with {@code
 * --augment crop,jitter}, the setting for handwriting, against the same seed's run without
 * augmentation and its untrained tower on the same test pairs: it trains, records the augmentation,
 * and still learns. ({@code photo} adds flips, which turn some digits into others: on this data
 * three epochs of it gained 0.07 of ROC-AUC over the untrained tower, short of the 0.1 asked here,
 * so {@code photo} gets one epoch and an export, to show that the exported cards record it.)
 */
class AugmentTrainingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;

  private static CliRun augmented;
  private static CliRun plain;
  private static CliRun untrained;
  private static CliRun photo;

  @BeforeAll
  static void trainWithAndWithoutAugmentation() {
    augmented =
        CliRun.digits(root.resolve("augmented"), "3", "--augment", "crop,jitter", "--no-export");
    plain = CliRun.digits(root.resolve("plain"), "3", "--no-export");
    untrained = CliRun.digits(root.resolve("untrained"), "0", "--no-export");
    photo =
        CliRun.digits(
            root.resolve("photo"),
            "1",
            "--augment",
            "photo",
            "--model-repo",
            root.resolve("models"));
  }

  @Test
  void trainingWithCropAndJitterSucceeds() {
    assertThat(augmented.exitCode()).as(augmented.err()).isZero();
    assertThat(augmented.errorLines()).isEmpty();
    assertThat(augmented.out()).contains("fine-tuning augmentation", "crop,jitter");
  }

  @Test
  void theCheckpointAndTheMetricsRecordTheAugmentation() throws IOException {
    JsonNode info =
        JSON.readTree(root.resolve("augmented/checkpoints/finetune/checkpoint.json").toFile());
    JsonNode metrics = JSON.readTree(root.resolve("augmented/metrics.json").toFile());

    assertThat(info.get("augment").asText()).isEqualTo("crop,jitter");
    assertThat(metrics.at("/training/augment").asText()).isEqualTo("crop,jitter");
  }

  @Test
  void aRunWithoutTheOptionRecordsNone() throws IOException {
    assertThat(plain.exitCode()).as(plain.err()).isZero();
    JsonNode info =
        JSON.readTree(root.resolve("plain/checkpoints/finetune/checkpoint.json").toFile());
    JsonNode metrics = JSON.readTree(root.resolve("plain/metrics.json").toFile());

    assertThat(info.get("augment").asText()).isEqualTo("none");
    assertThat(metrics.at("/training/augment").asText()).isEqualTo("none");
    assertThat(plain.out()).doesNotContain("fine-tuning augmentation");
  }

  @Test
  void theAugmentedImagesAreWhatTheTowerTrainsOn() throws IOException {
    Figures withAugment = Figures.read(root.resolve("augmented/metrics.json"));
    Figures without = Figures.read(root.resolve("plain/metrics.json"));

    // the same seed, pairs and shuffles: only the changed images can move the validation loss
    assertThat(withAugment.get("finetune", "val_loss"))
        .isNotEqualTo(without.get("finetune", "val_loss"));
  }

  @Test
  void trainingWithAugmentationSeparatesTheTestPairsBetterThanTheUntrainedTower()
      throws IOException {
    assertThat(untrained.exitCode()).as(untrained.err()).isZero();
    Figures before = Figures.read(root.resolve("untrained/metrics.json"));
    Figures after = Figures.read(root.resolve("augmented/metrics.json"));

    assertThat(after.get("finetune", "roc_auc"))
        .isGreaterThan(before.get("finetune", "roc_auc") + 0.1);
  }

  @Test
  void aPhotoRunExportsCardsThatRecordCropFlipAndJitter() throws IOException {
    assertThat(photo.exitCode()).as(photo.err()).isZero();
    JsonNode card = JSON.readTree(root.resolve("photo/model-card.json").toFile());
    JsonNode exported =
        JSON.readTree(root.resolve("models/siamese-embedding/1/model-card.json").toFile());
    JsonNode distance =
        JSON.readTree(root.resolve("models/siamese-distance/1/model-card.json").toFile());

    assertThat(card.get("augment").asText()).isEqualTo("crop,flip,jitter");
    assertThat(exported.get("augment").asText()).isEqualTo("crop,flip,jitter");
    assertThat(distance.get("augment").asText()).isEqualTo("crop,flip,jitter");
  }
}
