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

  private static CliRun train(String dir, String epochs, String... extra) {
    Object[] base = {
      "train",
      "--pairs",
      "digits",
      "--image-size",
      "8",
      "--pretrain-epochs",
      "0",
      "--epochs",
      epochs,
      "--out",
      root.resolve(dir),
      "--no-export",
      "--seed",
      "3"
    };
    Object[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  @BeforeAll
  static void trainWithAndWithoutAugmentation() {
    augmented = train("augmented", "3", "--augment", "crop,jitter");
    plain = train("plain", "3");
    untrained = train("untrained", "0");
    photo =
        CliRun.of(
            "train",
            "--pairs",
            "digits",
            "--image-size",
            "8",
            "--pretrain-epochs",
            "0",
            "--epochs",
            "1",
            "--augment",
            "photo",
            "--out",
            root.resolve("photo"),
            "--model-repo",
            root.resolve("models"),
            "--seed",
            "3");
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
