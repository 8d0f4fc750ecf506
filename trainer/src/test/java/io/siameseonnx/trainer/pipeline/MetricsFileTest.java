package io.siameseonnx.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {
  @TempDir Path dir;

  private static Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("pretrain.val_accuracy", 0.75);
    m.put("pretrain.epochs", 3.0);
    m.put("finetune.roc_auc", 0.5);
    m.put("finetune.tar_at_far_1e-2", 0.25);
    m.put("seconds", 12.5);
    return m;
  }

  @Test
  void dottedKeysBecomeOneObjectPerStage() {
    JsonNode tree = MetricsFile.toTree(metrics());

    assertThat(tree.at("/pretrain/val_accuracy").asDouble()).isEqualTo(0.75);
    assertThat(tree.at("/pretrain/epochs").asDouble()).isEqualTo(3.0);
    assertThat(tree.at("/finetune/roc_auc").asDouble()).isEqualTo(0.5);
    assertThat(tree.get("pretrain").size()).isEqualTo(2);
  }

  @Test
  void onlyTheFirstDotNests() {
    JsonNode tree = MetricsFile.toTree(Map.of("a.b.c", 1.0));

    assertThat(tree.get("a").get("b.c").asDouble()).isEqualTo(1.0);
  }

  @Test
  void aKeyWithoutADotStaysAtTheTop() {
    assertThat(MetricsFile.toTree(metrics()).get("seconds").asDouble()).isEqualTo(12.5);
  }

  @Test
  void theWrittenFileReadsBackAsTheSameTree() throws IOException {
    Path file = dir.resolve("run/metrics.json");
    Files.createDirectories(file.getParent());

    MetricsFile.write(file, metrics());

    JsonNode read = new ObjectMapper().readTree(file.toFile());
    assertThat(read).isEqualTo(MetricsFile.toTree(metrics()));
    assertThat(read.at("/finetune/tar_at_far_1e-2").asDouble()).isEqualTo(0.25);
  }

  @Test
  void trainingSettingsAreWrittenBesideTheFiguresAndNotAmongThem() throws IOException {
    Path file = dir.resolve("metrics.json");

    MetricsFile.write(
        file,
        metrics(),
        io.siameseonnx.model.card.EvaluationProtocol.unrecorded(),
        Map.of(MetricsFile.AUGMENT, "crop,jitter"));

    JsonNode read = new ObjectMapper().readTree(file.toFile());
    assertThat(read.at("/training/augment").asText()).isEqualTo("crop,jitter");
    assertThat(read.get("finetune").has("augment")).isFalse();
    assertThat(read.at("/finetune/roc_auc").asDouble()).isEqualTo(0.5);
  }

  @Test
  void withoutTrainingSettingsThereIsNoTrainingGroup() throws IOException {
    Path file = dir.resolve("metrics.json");

    MetricsFile.write(file, metrics());

    assertThat(new ObjectMapper().readTree(file.toFile()).has(MetricsFile.TRAINING_KEY)).isFalse();
  }
}
