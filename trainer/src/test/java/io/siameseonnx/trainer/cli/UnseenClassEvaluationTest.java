package io.siameseonnx.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-shot evaluation on classes never seen: a tiny model trained on the digits without 6-9, then
 * {@code evaluate --classes 6-9} runs 4-way episodes on exactly those four classes.
 */
class UnseenClassEvaluationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path out;

  private static CliRun trained;

  @BeforeAll
  static void trainWithoutSixToNine() {
    trained =
        CliRun.of(
            "train",
            "--pairs",
            "digits",
            "--exclude-classes",
            "6-9",
            "--pretrain-epochs",
            "0",
            "--epochs",
            "1",
            // four steps rather than sixteen: the model only has to exist
            "--batch-size",
            "64",
            "--out",
            out,
            "--no-export",
            "--seed",
            "3");
  }

  /** {@code evaluate} of the trained model on the digits 6 to 9, with the given options. */
  private static CliRun evaluateSixToNine(Object... options) {
    List<Object> args =
        new ArrayList<>(List.of("evaluate", "--data", "digits", "--classes", "6-9", "--out", out));
    args.addAll(List.of(options));
    return CliRun.of(args.toArray());
  }

  @Test
  void trainingWithoutTheExcludedClassesSucceeds() {
    assertThat(trained.exitCode()).isZero();
    assertThat(trained.errorLines()).isEmpty();
  }

  @Test
  void fourWayEpisodesOnTheUnseenClassesAreWrittenWithTheRawPixelBaseline() throws IOException {
    CliRun run = evaluateSixToNine("--ways", "4", "--episodes", "50", "--pairs", "200");

    assertThat(run.exitCode()).isZero();
    JsonNode episodes = JSON.readTree(out.resolve("evaluation.json").toFile()).at("/episodes");
    // the metrics file nests by the first dot only: episodes -> "4_way_1_shot.accuracy"
    assertThat(episodes.fieldNames())
        .toIterable()
        .contains("4_way_1_shot.accuracy", "4_way_1_shot.raw_pixels_accuracy");
    // chance is 0.25: a tiny model's embedding and 1-NN on raw digit pixels both do better
    assertThat(episodes.get("4_way_1_shot.accuracy").asDouble()).isBetween(0.3, 1.0);
    assertThat(episodes.get("4_way_1_shot.raw_pixels_accuracy").asDouble()).isBetween(0.5, 1.0);
    assertThat(episodes.get("4_way_1_shot.episodes").asDouble()).isEqualTo(50.0);
  }

  @Test
  void verificationPairsAreDistinctAndCounted() throws IOException {
    CliRun run = evaluateSixToNine("--episodes", "10", "--pairs", "200");

    assertThat(run.exitCode()).isZero();
    JsonNode verification =
        JSON.readTree(out.resolve("evaluation.json").toFile()).at("/verification");
    assertThat(verification.get("distinct_pairs").asInt())
        .isEqualTo(verification.get("test_pairs").asInt())
        .isEqualTo(200);
    assertThat(verification.get("images").asInt()).isBetween(100, 400);
    assertThat(run.out()).contains("200 distinct", "95% CI");
  }

  @Test
  void fiveWayEpisodesOnFourClassesAreRefused() {
    // were --classes ignored, the ten digits would allow five ways
    CliRun run = evaluateSixToNine("--ways", "5", "--episodes", "10", "--pairs", "100");

    assertThat(run.exitCode()).isEqualTo(TrainerCli.BAD_INPUT);
    assertThat(run.errorLines()).hasSize(1);
    assertThat(run.errorLines().get(0)).contains("5-way", "has 4");
  }
}
