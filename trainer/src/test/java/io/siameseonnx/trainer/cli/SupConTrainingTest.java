package io.siameseonnx.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real, short run of the recipe for classes never seen: the wide tower at the digits' own 8x8
 * resolution, the supervised contrastive loss through a projection head, pretraining and pairs on
 * the embedded digits with 7-9 kept out. Checks what the checkpoint keeps (the tower, not the
 * head), and the one-shot figures on the test images and on the excluded classes.
 */
class SupConTrainingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;

  private static Path out;
  private static CliRun trained;

  @BeforeAll
  static void train() {
    out = root.resolve("supcon");
    trained =
        CliRun.of(
            "train",
            "--pairs",
            "digits",
            "--exclude-classes",
            "7-9",
            "--image-size",
            "8",
            "--arch",
            "wide",
            "--loss",
            "supcon",
            "--projection",
            "32",
            "--temperature",
            "0.7",
            "--classes-per-batch",
            "10",
            "--images-per-class",
            "4",
            "--pretrain-epochs",
            "1",
            "--epochs",
            "2",
            "--out",
            out,
            "--no-export");
  }

  @Test
  void trainingSucceeds() {
    assertThat(trained.exitCode()).as(trained.err()).isZero();
    assertThat(trained.errorLines()).isEmpty();
  }

  @Test
  void theCheckpointKeepsTheTowerWithoutTheProjectionHead() throws IOException {
    JsonNode info = JSON.readTree(out.resolve("checkpoints/finetune/checkpoint.json").toFile());

    assertThat(info.get("loss").asText()).isEqualTo("supcon");
    assertThat(info.get("margin").asDouble()).isCloseTo(0.7, within(1e-6));
    JsonNode layers = info.at("/tower/layers");
    assertThat(info.at("/tower/name").asText()).isEqualTo("wide");
    assertThat(layers.findValuesAsText("type")).doesNotContain("dense");
    assertThat(layers.get(layers.size() - 1).get("type").asText()).isEqualTo("l2_normalize");
    // one 2x2 pool at 8x8: a 4x4 map of 64 filters
    assertThat(layers.findValuesAsText("type").stream().filter("max_pool"::equals)).hasSize(1);
  }

  @Test
  void theRunReportsOneShotOnTheTestImagesAndOnTheExcludedClassesAgainstRawPixels()
      throws IOException {
    JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());

    // metrics.json nests one level: {"test": {"7_way_1_shot.accuracy": ...}}
    // seven classes seen (0-6), new images of them
    JsonNode test = metrics.get("test");
    assertThat(test.get("7_way_1_shot.accuracy").asDouble()).isBetween(0.1, 1.0);
    assertThat(test.get("7_way_1_shot.raw_pixels_accuracy").asDouble()).isBetween(0.1, 1.0);
    assertThat(test.get("7_way_1_shot.ci95").asDouble()).isPositive();
    // the three classes kept out of every stage
    JsonNode excluded = metrics.get("excluded");
    assertThat(excluded.get("3_way_1_shot.accuracy").asDouble()).isBetween(0.1, 1.0);
    assertThat(excluded.get("3_way_1_shot.raw_pixels_accuracy").asDouble()).isBetween(0.1, 1.0);
    assertThat(trained.out())
        .contains("7-way 1-shot on test images", "3-way 1-shot on excluded classes");
  }
}
