package io.siameseonnx.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.shared.image.ImageWriting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real runs on tiny settings, shared by the tests: {@code train}, then {@code train --resume} into
 * the same folders, then {@code evaluate}. Pretraining reads a small generated image folder rather
 * than the embedded digits, which would take most of a minute on a busy two-core machine.
 */
class TrainerCliEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;

  private static Path out;
  private static Path models;
  private static Path pretrainData;
  private static CliRun first;
  private static JsonNode firstMetrics;
  private static CliRun resumed;
  private static JsonNode resumedMetrics;
  private static CliRun evaluated;

  private static String[] trainArgs(int epochs, String... extra) {
    String[] base = {
      "train",
      "--out",
      out.toString(),
      "--model-repo",
      models.toString(),
      "--pretrain-data",
      pretrainData.toString(),
      "--pretrain-epochs",
      "1",
      "--epochs",
      Integer.toString(epochs),
      "--seed",
      "1"
    };
    String[] all = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @BeforeAll
  static void trainResumeAndEvaluate() throws IOException {
    out = root.resolve("out");
    models = root.resolve("models");
    pretrainData = imageFolder(root.resolve("pretrain"), 4, 10);
    first = CliRun.of((Object[]) trainArgs(2));
    firstMetrics = read(out.resolve("metrics.json"));
    // one fine-tuning epoch is enough to show the resumed run through to a second export
    resumed = CliRun.of((Object[]) trainArgs(1, "--resume"));
    resumedMetrics = read(out.resolve("metrics.json"));
    evaluated = CliRun.of("evaluate", "--out", out, "--seed", "1");
  }

  /** Classes told apart by a bright bar at a class-specific row, over random noise. */
  private static Path imageFolder(Path dir, int classes, int perClass) throws IOException {
    Random rnd = new Random(7);
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < perClass; i++) {
        float[] pixels = new float[32 * 32];
        for (int p = 0; p < pixels.length; p++) {
          int row = p / 32;
          boolean bar = row >= 4 + 7 * c && row < 8 + 7 * c;
          pixels[p] = bar ? 0.9f : 0.3f * rnd.nextFloat();
        }
        Path file = dir.resolve("class" + c).resolve(i + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, ImageWriting.grayPng(pixels, 32, 32));
      }
    }
    return dir;
  }

  /** The first object in the file that holds a {@code roc_auc}, whatever its stage is called. */
  private static JsonNode figures(JsonNode tree) {
    for (JsonNode child : tree) {
      if (child.has("roc_auc")) {
        return child;
      }
    }
    return null;
  }

  private static JsonNode read(Path file) throws IOException {
    return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
  }

  @Test
  void trainingSucceeds() {
    assertThat(first.exitCode()).isZero();
    assertThat(first.errorLines()).isEmpty();
  }

  @Test
  void theMetricsFileNestsEveryFigureUnderItsStage() {
    assertThat(firstMetrics.get("pretrain").fieldNames())
        .toIterable()
        .contains("val_accuracy", "epochs", "seconds", "samples_per_second");
    assertThat(firstMetrics.get("finetune").fieldNames())
        .toIterable()
        .contains(
            "test_accuracy_at_0_5",
            "test_accuracy",
            "threshold",
            "roc_auc",
            "eer",
            "epochs",
            "seconds",
            "samples_per_second");
  }

  @Test
  void theMetricsHoldTheEpochsThatWereAskedForAndSensibleFigures() {
    assertThat(firstMetrics.at("/pretrain/epochs").asDouble()).isEqualTo(1.0);
    assertThat(firstMetrics.at("/finetune/epochs").asDouble()).isEqualTo(2.0);
    assertThat(firstMetrics.at("/pretrain/val_accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(firstMetrics.at("/finetune/test_accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(firstMetrics.at("/finetune/roc_auc").asDouble()).isBetween(0.0, 1.0);
    assertThat(firstMetrics.at("/finetune/eer").asDouble()).isBetween(0.0, 1.0);
    assertThat(firstMetrics.at("/finetune/threshold").asDouble()).isPositive();
    assertThat(firstMetrics.at("/finetune/samples_per_second").asDouble()).isPositive();
  }

  @Test
  void aFinetuneCheckpointAndAModelCardAreWritten() {
    Path checkpoint = out.resolve("checkpoints/finetune");

    assertThat(checkpoint.resolve("checkpoint.json")).isRegularFile();
    assertThat(checkpoint.resolve("tower.params")).isRegularFile().isNotEmptyFile();
    assertThat(out.resolve("checkpoints/pretrain/checkpoint.json")).isRegularFile();
    assertThat(out.resolve("model-card.json")).isRegularFile().isNotEmptyFile();
  }

  @Test
  void theFirstExportIsVersionOneOfTheEmbeddingModel() {
    assertThat(models.resolve("siamese-embedding/1/model.onnx")).isRegularFile().isNotEmptyFile();
  }

  @Test
  void aResumedRunReusesThePretrainingCheckpoint() {
    assertThat(resumed.exitCode()).isZero();
    // the figures come from the checkpoint, not from a second pretraining
    assertThat(resumedMetrics.get("pretrain")).isEqualTo(firstMetrics.get("pretrain"));
    // while fine-tuning ran again, with the resumed run's settings
    assertThat(resumedMetrics.at("/finetune/epochs").asDouble()).isEqualTo(1.0);
  }

  @Test
  void aSecondExportBecomesVersionTwo() {
    assertThat(models.resolve("siamese-embedding/2/model.onnx")).isRegularFile().isNotEmptyFile();
    assertThat(models.resolve("siamese-embedding/1/model.onnx")).isRegularFile();
  }

  @Test
  void evaluateWritesTheFiguresOfTheCheckpointAtItsStoredThreshold() throws IOException {
    assertThat(evaluated.exitCode()).isZero();
    JsonNode evaluation = figures(read(out.resolve("evaluation.json")));

    assertThat(evaluation).isNotNull();
    // same seed, same test pairs, same weights and threshold as the last training run
    assertThat(evaluation.get("threshold").asDouble())
        .isEqualTo(resumedMetrics.at("/finetune/threshold").asDouble());
    assertThat(evaluation.get("roc_auc").asDouble())
        .isCloseTo(resumedMetrics.at("/finetune/roc_auc").asDouble(), within(1e-6));
    assertThat(evaluation.get("test_accuracy").asDouble())
        .isCloseTo(resumedMetrics.at("/finetune/test_accuracy").asDouble(), within(1e-6));
  }
}
