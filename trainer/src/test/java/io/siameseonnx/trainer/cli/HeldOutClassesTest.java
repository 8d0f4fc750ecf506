package io.siameseonnx.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.model.card.EvaluationProtocol;
import io.siameseonnx.model.card.ModelCards;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder of six 8x8 classes named "0" to "5", trained with {@code --holdout-classes} and
 * pretrained on the embedded digits (whose classes are named "0" to "9"): the held-out classes are
 * named on the console, in {@code metrics.json} and in the checkpoint, and the digits of the same
 * names are left out of pretraining unless {@code --keep-overlapping-pretrain-classes} asks.
 */
class HeldOutClassesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static CliRun clean;
  private static CliRun kept;

  @BeforeAll
  static void trainTwice() throws IOException {
    Path data = SmallFolders.blocks(dir.resolve("data"), 6, 14);
    List<Object> exported = args(data, dir.resolve("clean"));
    exported.remove("--no-export");
    exported.addAll(List.of("--model-repo", dir.resolve("models")));
    clean = CliRun.of(exported.toArray());
    List<Object> keep = args(data, dir.resolve("kept"));
    keep.add("--keep-overlapping-pretrain-classes");
    kept = CliRun.of(keep.toArray());
  }

  private static List<Object> args(Path data, Path out) {
    List<Object> args = SmallFolders.holdoutRun(data, out);
    args.addAll(List.of("--pretrain-epochs", "1"));
    return args;
  }

  private static JsonNode metrics(String run) throws IOException {
    return JSON.readTree(dir.resolve(run).resolve("metrics.json").toFile());
  }

  private static List<String> heldOut(String run) throws IOException {
    List<String> names = new ArrayList<>();
    metrics(run).at("/evaluation_protocol/held_out_classes").forEach(n -> names.add(n.asText()));
    return names;
  }

  @Test
  void bothRunsSucceed() {
    assertThat(clean.exitCode()).isZero();
    assertThat(kept.exitCode()).isZero();
  }

  @Test
  void twoOfTheSixClassesAreHeldOutAndNamedInMetricsAndOnTheConsole() throws IOException {
    List<String> names = heldOut("clean");

    assertThat(names).hasSize(2).isSubsetOf("0", "1", "2", "3", "4", "5");
    assertThat(metrics("clean").at("/evaluation_protocol/split").asText()).isEqualTo("classes");
    assertThat(metrics("clean").at("/evaluation_protocol/held_out_rule").asText())
        .contains("2 of the 6 classes", "seed 5");
    assertThat(clean.out())
        .contains("held-out classes (validation, test)", String.join(", ", names));
  }

  @Test
  void theCheckpointRecordsTheHeldOutClassesForTheModelCard() throws IOException {
    JsonNode info =
        JSON.readTree(
            dir.resolve("clean").resolve("checkpoints/finetune/checkpoint.json").toFile());

    List<String> names = new ArrayList<>();
    info.at("/protocol/held_out_classes").forEach(n -> names.add(n.asText()));
    assertThat(names).isEqualTo(heldOut("clean"));
  }

  @Test
  void theExportedModelCardNamesTheHeldOutClassesAndTheOverlap() throws IOException {
    Path card;
    try (var files = Files.walk(dir.resolve("models"))) {
      card =
          files
              .filter(f -> f.getFileName().toString().equals(ModelCards.FILE_NAME))
              .findFirst()
              .orElseThrow();
    }

    EvaluationProtocol protocol = ModelCards.read(card).evaluationProtocol();

    assertThat(protocol.heldOutClasses()).isEqualTo(heldOut("clean"));
    assertThat(protocol.pretrainOverlap()).isEqualTo(heldOut("clean"));
    assertThat(protocol.pretrainOverlapExcluded()).isTrue();
  }

  @Test
  void digitsNamedLikeTheHeldOutClassesAreLeftOutOfPretraining() throws IOException {
    JsonNode protocol = metrics("clean").at("/evaluation_protocol");

    List<String> overlap = new ArrayList<>();
    protocol.get("pretrain_overlap").forEach(n -> overlap.add(n.asText()));
    assertThat(overlap).isEqualTo(heldOut("clean"));
    assertThat(protocol.get("pretrain_overlap_excluded").asBoolean()).isTrue();
    assertThat(metrics("clean").at("/pretrain/classes").asDouble()).isEqualTo(8.0);
    assertThat(clean.out()).contains("pretraining classes named like them");
    assertThat(clean.err()).contains("left out of pretraining");
  }

  @Test
  void askedToKeepThemPretrainingSeesAllTenDigitsAndSaysSo() throws IOException {
    JsonNode protocol = metrics("kept").at("/evaluation_protocol");

    assertThat(protocol.get("pretrain_overlap")).hasSize(2);
    assertThat(protocol.get("pretrain_overlap_excluded").asBoolean()).isFalse();
    assertThat(metrics("kept").at("/pretrain/classes").asDouble()).isEqualTo(10.0);
    assertThat(kept.out()).contains("--keep-overlapping-pretrain-classes");
  }
}
