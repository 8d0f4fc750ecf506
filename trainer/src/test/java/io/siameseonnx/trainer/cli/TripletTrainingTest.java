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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real, small fine-tuning with the triplet loss and batch-hard mining on the rectangle task
 * (plain and rectangle images as two classes), and the refusal of a triplet loss on pairs that
 * carry no classes.
 */
class TripletTrainingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;

  private static Path out;
  private static CliRun trained;

  @BeforeAll
  static void trainWithTriplets() {
    out = root.resolve("triplet");
    trained =
        CliRun.of(
            "train",
            "--pretrain-epochs",
            "0",
            "--epochs",
            "3",
            "--loss",
            "triplet",
            "--mining",
            "batch-hard",
            // two classes of 16 images: 16 steps an epoch rather than 64 of 2 x 4
            "--images-per-class",
            "16",
            "--out",
            out,
            "--no-export",
            "--seed",
            "3");
  }

  @Test
  void trainingWithBatchHardTripletsSucceeds() {
    assertThat(trained.exitCode()).isZero();
    assertThat(trained.errorLines()).isEmpty();
  }

  @Test
  void theCheckpointRecordsTheTripletLossAndItsMargin() throws IOException {
    JsonNode info = JSON.readTree(out.resolve("checkpoints/finetune/checkpoint.json").toFile());

    assertThat(info.get("loss").asText()).isEqualTo("triplet");
    assertThat(info.get("stage").asText()).isEqualTo("finetune");
    // the triplet margin's default, not the contrastive margin of 1
    assertThat(info.get("margin").asDouble()).isCloseTo(0.2, within(1e-6));
    assertThat(info.get("threshold").asDouble()).isPositive();
  }

  @Test
  void theMetricsHoldTheEpochsAndFiguresOfTheRun() throws IOException {
    JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());

    assertThat(metrics.at("/finetune/epochs").asDouble()).isBetween(1.0, 3.0);
    assertThat(metrics.at("/finetune/roc_auc").asDouble()).isBetween(0.0, 1.0);
    assertThat(metrics.at("/finetune/samples_per_second").asDouble()).isPositive();
    // no pretraining was asked for
    assertThat(metrics.has("pretrain")).isFalse();
  }

  @Test
  void aTripletLossOnAPairsCsvIsRefusedInOneLine() throws IOException {
    Path dir = root.resolve("csv");
    png(dir.resolve("a.png"), 10);
    png(dir.resolve("b.png"), 200);
    StringBuilder csv = new StringBuilder("path_a,path_b,label\n");
    for (int i = 0; i < 6; i++) {
      csv.append("a.png,b.png,0\na.png,a.png,1\n");
    }
    Path pairs = Files.writeString(dir.resolve("pairs.csv"), csv);
    Path refusedOut = root.resolve("refused");

    CliRun run =
        CliRun.of(
            "train",
            "--loss",
            "triplet",
            "--pairs",
            pairs,
            "--pretrain-epochs",
            "0",
            "--epochs",
            "1",
            "--out",
            refusedOut,
            "--no-export");

    assertThat(run.exitCode()).isEqualTo(TrainerCli.BAD_INPUT);
    assertThat(run.errorLines()).hasSize(1);
    assertThat(run.errorLines().get(0))
        .contains("triplet", pairs.toString(), "class-labelled")
        .doesNotContain("\n");
    if (Files.exists(refusedOut)) {
      try (Stream<Path> entries = Files.list(refusedOut)) {
        assertThat(entries).as("files written into %s", refusedOut).isEmpty();
      }
    }
  }

  private static void png(Path file, int level) throws IOException {
    float[] pixels = new float[16 * 16];
    Arrays.fill(pixels, level / 255f);
    Files.createDirectories(file.getParent());
    Files.write(file, ImageWriting.grayPng(pixels, 16, 16));
  }
}
