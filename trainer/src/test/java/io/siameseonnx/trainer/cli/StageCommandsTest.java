package io.siameseonnx.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.ParameterList;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.shared.io.AtomicFiles;
import io.siameseonnx.trainer.model.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pretrain} and {@code finetune} as separate commands: pretraining writes its checkpoint and
 * figures and nothing else; {@code finetune} in the same folder starts from that checkpoint (with
 * no epochs, its tower is the pretrained one to the last weight), evaluates it and carries the
 * pretraining's figures and data fingerprint on.
 */
class StageCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;

  private static Path pretrained;
  private static Path finetuned;
  private static CliRun pretrain;
  private static CliRun finetune;

  @BeforeAll
  static void pretrainThenFinetune() throws IOException {
    pretrained = root.resolve("pretrained");
    pretrain =
        CliRun.of(
            "pretrain",
            "--out",
            pretrained,
            "--pretrain-data",
            BarImages.folder(root.resolve("bars"), 4, 10),
            "--pretrain-epochs",
            "1",
            "--seed",
            "2");
    // fine-tuning works in a copy, so that the pretraining folder stays as pretraining left it
    finetuned = copy(pretrained, root.resolve("finetuned"));
    finetune =
        CliRun.of("finetune", "--out", finetuned, "--epochs", "0", "--no-export", "--seed", "2");
  }

  private static Path copy(Path run, Path to) throws IOException {
    Path from = run.resolve("checkpoints/pretrain");
    Path target = Files.createDirectories(to.resolve("checkpoints/pretrain"));
    for (String file : List.of(Checkpoint.INFO_FILE, Checkpoint.PARAMS_FILE)) {
      AtomicFiles.write(target.resolve(file), Files.readAllBytes(from.resolve(file)));
    }
    return to;
  }

  private static JsonNode json(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  @Test
  void pretrainWritesItsCheckpointAndFiguresAndNoFineTuning() throws IOException {
    assertThat(pretrain.exitCode()).as(pretrain.err()).isZero();
    JsonNode info = json(pretrained.resolve("checkpoints/pretrain/checkpoint.json"));
    Figures metrics = Figures.read(pretrained.resolve("metrics.json"));

    assertThat(info.get("stage").asText()).isEqualTo("pretrain");
    assertThat(info.get("data_fingerprint").asText()).hasSize(64);
    assertThat(metrics.get("pretrain", "epochs")).isEqualTo(1.0);
    assertThat(metrics.group("pretrain").fieldNames())
        .toIterable()
        .contains("val_accuracy", "val_loss", "best_epoch", "samples_per_second");
    assertThat(metrics.has("finetune")).isFalse();
    assertThat(pretrained.resolve("checkpoints/finetune")).doesNotExist();
  }

  @Test
  void finetuneStartsFromThePretrainedWeights() throws IOException {
    assertThat(finetune.exitCode()).as(finetune.err()).isZero();
    try (NDManager manager = NDManager.newBaseManager()) {
      ParameterList before =
          Checkpoint.load(pretrained.resolve("checkpoints/pretrain"), manager)
              .tower()
              .getParameters();
      ParameterList after =
          Checkpoint.load(finetuned.resolve("checkpoints/finetune"), manager)
              .tower()
              .getParameters();

      assertThat(after.size()).isEqualTo(before.size()).isPositive();
      for (int i = 0; i < before.size(); i++) {
        assertThat(after.get(i).getValue().getArray().toFloatArray())
            .as(before.get(i).getKey())
            .containsExactly(before.get(i).getValue().getArray().toFloatArray());
      }
    }
  }

  @Test
  void finetuneAddsTheEvaluationToThePretrainingFigures() throws IOException {
    assertThat(finetune.exitCode()).as(finetune.err()).isZero();
    Figures pretrainMetrics = Figures.read(pretrained.resolve("metrics.json"));
    Figures metrics = Figures.read(finetuned.resolve("metrics.json"));
    String pretrainData =
        json(pretrained.resolve("checkpoints/pretrain/checkpoint.json"))
            .get("data_fingerprint")
            .asText();
    JsonNode info = json(finetuned.resolve("checkpoints/finetune/checkpoint.json"));

    assertThat(metrics.group("pretrain")).isEqualTo(pretrainMetrics.group("pretrain"));
    assertThat(metrics.group("finetune").fieldNames())
        .toIterable()
        .contains("threshold", "test_accuracy", "roc_auc", "eer", "test_pairs")
        // no fine-tuning epoch was asked for
        .doesNotContain("epochs");
    assertThat(info.get("stage").asText()).isEqualTo("finetune");
    // the fine-tuned model's data: the pretraining data's, then the pairs'
    assertThat(info.get("data_fingerprint").asText()).startsWith(pretrainData + "+");
  }
}
