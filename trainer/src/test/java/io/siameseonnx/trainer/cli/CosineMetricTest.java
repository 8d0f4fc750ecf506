package io.siameseonnx.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.data.PairSet;
import io.siameseonnx.trainer.eval.EmbeddingFunction;
import io.siameseonnx.trainer.eval.Verification;
import io.siameseonnx.trainer.eval.VerificationReport;
import io.siameseonnx.trainer.model.Checkpoint;
import io.siameseonnx.trainer.pairs.RectanglePairs;
import io.siameseonnx.trainer.train.Recipe;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --metric cosine} is one field of the recipe: the threshold is calibrated on cosine
 * distances of the validation pairs, and {@code train} and {@code evaluate} report the test figures
 * of cosine distances, all recomputed here from the saved checkpoint.
 */
class CosineMetricTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 5;

  @TempDir static Path out;

  private static CliRun trained;
  private static CliRun evaluated;
  private static NDManager manager;
  private static Checkpoint.Loaded checkpoint;
  private static RectanglePairs pairs;

  @BeforeAll
  static void trainWithCosineThenEvaluate() throws IOException {
    trained =
        CliRun.of(
            "train",
            "--metric",
            "cosine",
            "--pretrain-epochs",
            "0",
            "--epochs",
            "1",
            "--out",
            out,
            "--no-export",
            "--seed",
            SEED);
    evaluated = CliRun.of("evaluate", "--out", out, "--seed", SEED);
    manager = NDManager.newBaseManager();
    checkpoint = Checkpoint.load(out.resolve("checkpoints/finetune"), manager);
    // the run's pairs: the same seed draws the same validation and test images
    pairs = RectanglePairs.heldOut(SEED, Recipe.standard(SEED).pairsPerEpoch());
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  private static double[] distances(PairSet set, Metric metric) {
    long[] chw = checkpoint.info().tower().inputShape();
    return EmbeddingFunction.of(checkpoint.tower(), manager, chw).distances(set, metric);
  }

  @Test
  void theRunSucceedsAndTheCheckpointRecordsTheMetric() {
    assertThat(trained.exitCode()).as(trained.err()).isZero();
    assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
    assertThat(checkpoint.info().metric()).isEqualTo(Metric.COSINE);
  }

  @Test
  void theThresholdIsCalibratedOnCosineDistancesOfTheValidationPairs() {
    PairSet validation = pairs.validationPairs();
    double cosine =
        Verification.calibrateThreshold(distances(validation, Metric.COSINE), validation.labels());
    double euclidean =
        Verification.calibrateThreshold(
            distances(validation, Metric.EUCLIDEAN), validation.labels());

    assertThat(checkpoint.info().threshold()).isCloseTo(cosine, within(1e-9));
    // the two differ, so a Euclidean calibration could not pass
    assertThat(euclidean).isNotCloseTo(cosine, within(1e-3));
  }

  @Test
  void trainAndEvaluateReportTheTestFiguresOfCosineDistances() throws IOException {
    PairSet test = pairs.testPairs();
    double threshold = checkpoint.info().threshold();
    VerificationReport cosine =
        VerificationReport.of(distances(test, Metric.COSINE), test.labels(), threshold);
    VerificationReport euclidean =
        VerificationReport.of(distances(test, Metric.EUCLIDEAN), test.labels(), threshold);
    JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile()).get("finetune");
    JsonNode evaluation =
        JSON.readTree(out.resolve("evaluation.json").toFile()).get("verification");

    for (JsonNode figures : new JsonNode[] {metrics, evaluation}) {
      assertThat(figures.get("threshold").asDouble()).isEqualTo(threshold);
      assertThat(figures.get("test_accuracy").asDouble())
          .isCloseTo(cosine.accuracy(), within(1e-9));
      assertThat(figures.get("roc_auc").asDouble()).isCloseTo(cosine.rocAuc(), within(1e-9));
      assertThat(figures.get("eer").asDouble()).isCloseTo(cosine.eer(), within(1e-9));
    }
    // at a threshold calibrated on cosine distances, Euclidean ones give other verdicts
    assertThat(euclidean.accuracy()).isNotCloseTo(cosine.accuracy(), within(0.05));
  }
}
