package io.siameseonnx.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real runs on tiny settings, shared by the tests: {@code train}, then {@code train --resume} into
 * the same folders, then {@code evaluate} on the final checkpoint, on the pretraining checkpoint
 * (the tower before fine-tuning), on the first exported ONNX model and on the repository's newest
 * version. Pretraining reads a small generated image folder ({@link BarImages}) rather than the
 * embedded digits, which would take most of a minute on a busy two-core machine.
 */
class TrainerCliEndToEndTest {

  @TempDir static Path root;

  private static Path out;
  private static Path models;
  private static Path pretrainData;
  private static CliRun first;
  private static Figures firstMetrics;
  private static CliRun resumed;
  private static Figures resumedMetrics;
  private static CliRun evaluated;
  private static CliRun evaluatedPretrained;
  private static CliRun evaluatedFirstExport;
  private static CliRun evaluatedRepository;

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
    pretrainData = BarImages.folder(root.resolve("pretrain"), 4, 10);
    first = CliRun.of((Object[]) trainArgs(2));
    firstMetrics = Figures.read(out.resolve("metrics.json"));
    // one fine-tuning epoch is enough to show the resumed run through to a second export
    resumed = CliRun.of((Object[]) trainArgs(1, "--resume"));
    resumedMetrics = Figures.read(out.resolve("metrics.json"));
    evaluated = CliRun.of("evaluate", "--out", out, "--seed", "1");
    // the pretrained tower before fine-tuning, on the same test pairs
    evaluatedPretrained =
        CliRun.of(
            "evaluate",
            "--checkpoint",
            out.resolve("checkpoints/pretrain"),
            "--out",
            root.resolve("pretrained"),
            "--seed",
            "1");
    // the exported models, evaluated through ONNX Runtime on the same test pairs
    evaluatedFirstExport =
        CliRun.of(
            "evaluate",
            "--model",
            models.resolve("siamese-embedding/1/model.onnx"),
            "--out",
            root.resolve("onnx-1"),
            "--seed",
            "1");
    evaluatedRepository =
        CliRun.of(
            "evaluate",
            "--model-repo",
            models,
            "--out",
            root.resolve("onnx-newest"),
            "--seed",
            "1");
  }

  @Test
  void trainingSucceeds() {
    assertThat(first.exitCode()).isZero();
    assertThat(first.errorLines()).isEmpty();
  }

  @Test
  void theMetricsFileNestsEveryFigureUnderItsStage() {
    assertThat(firstMetrics.group("pretrain").fieldNames())
        .toIterable()
        .contains("val_accuracy", "epochs", "seconds", "samples_per_second");
    assertThat(firstMetrics.group("finetune").fieldNames())
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
  void theMetricsHoldTheEpochsThatWereAskedFor() {
    assertThat(firstMetrics.get("pretrain", "epochs")).isEqualTo(1.0);
    assertThat(firstMetrics.get("finetune", "epochs")).isEqualTo(2.0);
    assertThat(firstMetrics.get("finetune", "threshold")).isPositive();
    assertThat(firstMetrics.get("finetune", "samples_per_second")).isPositive();
  }

  @Test
  void fineTuningSeparatesTheTestPairsBetterThanThePretrainedTower() throws IOException {
    assertThat(evaluatedPretrained.exitCode()).as(evaluatedPretrained.err()).isZero();
    double before =
        Figures.read(root.resolve("pretrained/evaluation.json")).get("verification", "roc_auc");
    double after = firstMetrics.get("finetune", "roc_auc");

    // seeds 1 to 5: 0.985 to 1.0 after two epochs, from 0.73 to 0.96 before (seed 1: 0.998 and
    // 0.963); a trainer whose steps change nothing stays where it was
    assertThat(after).isGreaterThan(0.95).isGreaterThan(before + 0.02);
    assertThat(firstMetrics.get("finetune", "test_accuracy")).isGreaterThan(0.85);
    assertThat(firstMetrics.get("finetune", "eer")).isLessThan(0.1);
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
    assertThat(resumedMetrics.group("pretrain")).isEqualTo(firstMetrics.group("pretrain"));
    // while fine-tuning ran again, with the resumed run's settings
    assertThat(resumedMetrics.get("finetune", "epochs")).isEqualTo(1.0);
  }

  @Test
  void aSecondExportBecomesVersionTwo() {
    assertThat(models.resolve("siamese-embedding/2/model.onnx")).isRegularFile().isNotEmptyFile();
    assertThat(models.resolve("siamese-embedding/1/model.onnx")).isRegularFile();
  }

  @Test
  void evaluateWritesTheFiguresOfTheCheckpointAtItsStoredThreshold() throws IOException {
    assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
    Figures evaluation = Figures.read(out.resolve("evaluation.json"));

    // same seed, same test pairs, same weights and threshold as the last training run
    assertThat(evaluation.get("verification", "threshold"))
        .isEqualTo(resumedMetrics.get("finetune", "threshold"));
    assertThat(evaluation.get("verification", "roc_auc"))
        .isCloseTo(resumedMetrics.get("finetune", "roc_auc"), within(1e-6));
    assertThat(evaluation.get("verification", "test_accuracy"))
        .isCloseTo(resumedMetrics.get("finetune", "test_accuracy"), within(1e-6));
  }

  @Test
  void evaluateOnAnExportedModelFileGivesTheFiguresOfItsTrainingRun() throws IOException {
    assertThat(evaluatedFirstExport.exitCode()).as(evaluatedFirstExport.err()).isZero();

    // version 1 is the first run's model: its card carries that run's threshold
    assertSameFigures(Figures.read(root.resolve("onnx-1/evaluation.json")), firstMetrics);
  }

  @Test
  void evaluateOnARepositoryTakesItsNewestVersion() throws IOException {
    assertThat(evaluatedRepository.exitCode()).as(evaluatedRepository.err()).isZero();

    assertThat(evaluatedRepository.out()).contains("siamese-embedding/2/model.onnx");
    assertSameFigures(Figures.read(root.resolve("onnx-newest/evaluation.json")), resumedMetrics);
  }

  /**
   * An ONNX model's figures against the DJL checkpoint's on the same pairs: the same threshold, and
   * distances within ONNX Runtime's rounding (at most one of the 200 test pairs may cross it).
   */
  private static void assertSameFigures(Figures onnx, Figures djl) {
    assertThat(onnx.get("verification", "threshold")).isEqualTo(djl.get("finetune", "threshold"));
    assertThat(onnx.get("verification", "test_accuracy"))
        .isCloseTo(djl.get("finetune", "test_accuracy"), within(1.0 / 200));
    assertThat(onnx.get("verification", "roc_auc"))
        .isCloseTo(djl.get("finetune", "roc_auc"), within(1e-3));
  }
}
