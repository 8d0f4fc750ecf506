package io.siameseonnx.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four classes of five 8x8 images, two classes held out: the five test images hold at most ten
 * distinct pairs, and the run says so (pairs, images, wide intervals) rather than report 200 pairs;
 * the one-shot episodes it cannot run are named with the reason.
 */
class TinyFolderFiguresTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static CliRun run;
  private static JsonNode metrics;

  @BeforeAll
  static void trainOnTwentyImages() throws IOException {
    Path data = SmallFolders.blocks(dir.resolve("data"), 4, 5);
    List<Object> args = SmallFolders.holdoutRun(data, dir.resolve("out"));
    args.addAll(List.of("--pretrain-data", "none"));
    run = CliRun.of(args.toArray());
    metrics = JSON.readTree(dir.resolve("out").resolve("metrics.json").toFile());
  }

  @Test
  void theRunSucceeds() {
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void testPairsAreDistinctAndNoMoreThanTheTestImagesHold() {
    JsonNode f = metrics.get("finetune");
    int images = f.get("test_images").asInt();
    int pairs = f.get("test_pairs").asInt();

    // two held-out classes of five images, split in half: at most six test images
    assertThat(images).isBetween(2, 6);
    assertThat(pairs).isEqualTo(f.get("test_distinct_pairs").asInt());
    assertThat(pairs).isLessThanOrEqualTo(images * (images - 1) / 2);
  }

  @Test
  void theAccuracyComesWithAWideWilsonInterval() {
    JsonNode f = metrics.get("finetune");
    double low = f.get("test_accuracy_ci95_low").asDouble();
    double high = f.get("test_accuracy_ci95_high").asDouble();

    assertThat(f.get("test_accuracy").asDouble()).isBetween(low, high);
    // at most 15 pairs: even all of them right leaves an interval about 0.2 wide (1000: 0.03)
    assertThat(high - low).isGreaterThan(0.15);
    assertThat(run.out()).contains("95% CI", "Wilson", "distinct images");
  }

  @Test
  void theMissingOneShotFigureIsNamedWithItsReason() {
    JsonNode missing = metrics.at("/evaluation_protocol/missing");

    assertThat(metrics.has("test")).isFalse();
    assertThat(missing.toString()).contains("one-shot episodes on the test images", "at least 2");
    assertThat(run.out()).contains("not measured", "one-shot episodes on the test images");
  }
}
