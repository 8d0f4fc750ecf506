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
 * {@code --threshold-at far=1e-2} on the digits with whole classes held out: the threshold is
 * calibrated on validation pairs of the held-out classes to accept at most 1% of the dissimilar
 * ones, and the run reports both sides of it.
 */
class ThresholdAtTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path out;

  private static CliRun run;
  private static JsonNode metrics;

  @BeforeAll
  static void trainForOnePercentFalseAccepts() throws IOException {
    run =
        CliRun.of(
            "train",
            "--pairs",
            "digits",
            "--holdout-classes",
            "--image-size",
            "8",
            "--pretrain-data",
            "none",
            "--epochs",
            "1",
            "--threshold-at",
            "far=1e-2",
            "--no-export",
            "--seed",
            "4",
            "--out",
            out);
    metrics = JSON.readTree(out.resolve("metrics.json").toFile());
  }

  @Test
  void theRunSucceeds() {
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void atMostOnePercentOfTheDissimilarValidationPairsIsAccepted() {
    JsonNode f = metrics.get("finetune");

    assertThat(f.get("validation_far_at_threshold").asDouble()).isLessThanOrEqualTo(0.01);
    // the validation pairs are drawn from the held-out classes, as the test pairs are
    assertThat(metrics.at("/evaluation_protocol/split").asText()).isEqualTo("classes");
  }

  @Test
  void theOperatingPointIsRecordedAndTheTestSideReported() throws IOException {
    JsonNode f = metrics.get("finetune");
    JsonNode info = JSON.readTree(out.resolve("checkpoints/finetune/checkpoint.json").toFile());

    assertThat(metrics.at("/evaluation_protocol/threshold_at").asText()).isEqualTo("far=0.01");
    assertThat(info.at("/protocol/threshold_at").asText()).isEqualTo("far=0.01");
    assertThat(f.has("far_at_threshold")).isTrue();
    assertThat(f.has("tar_at_threshold")).isTrue();
    assertThat(f.get("test_best_accuracy").asDouble())
        .isGreaterThanOrEqualTo(f.get("test_accuracy").asDouble());
    assertThat(run.out())
        .contains("threshold (far=0.01, validation)", "test FAR / TAR at the threshold");
  }

  @Test
  void anUnknownOperatingPointIsBadInput() {
    CliRun bad = CliRun.of("train", "--threshold-at", "precision", "--out", out.resolve("bad"));

    assertThat(bad.exitCode()).isEqualTo(TrainerCli.BAD_INPUT);
    assertThat(bad.errorLines()).hasSize(1);
    assertThat(bad.errorLines().get(0)).contains("accuracy, eer or far=RATE");
  }
}
