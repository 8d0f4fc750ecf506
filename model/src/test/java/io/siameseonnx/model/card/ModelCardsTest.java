package io.siameseonnx.model.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardsTest {

  static ModelCard card() {
    return card(EvaluationProtocol.unrecorded());
  }

  static ModelCard card(EvaluationProtocol protocol) {
    return new ModelCard(
        ModelCard.SCHEMA_VERSION,
        "digits-siamese",
        "seed-cnn",
        "2026-01-01T00:00:00Z",
        PreprocessingSpec.defaults(),
        List.of(TensorSpec.float32("input", -1, 1, 32, 32)),
        List.of(TensorSpec.float32("embedding", -1, 256)),
        256,
        "euclidean",
        true,
        "contrastive",
        1.0,
        0.5,
        Map.of("finetune.test_accuracy", 0.99, "pretrain.val_accuracy", 0.98),
        "abc123",
        Map.of("djl", "0.36.0"),
        Map.of("onnx_max_abs_diff", 1e-6),
        protocol,
        "crop,jitter");
  }

  @Test
  void aCardSurvivesAJsonRoundTrip() {
    ModelCard card = card();

    ModelCard back = ModelCards.fromJson(ModelCards.toJson(card));

    assertThat(back).isEqualTo(card);
    assertThat(back.distanceMetric()).isEqualTo(Metric.EUCLIDEAN);
  }

  @Test
  void jsonKeysAreSnakeCase() {
    String json = ModelCards.toJson(card());

    assertThat(json)
        .contains(
            "\"schema_version\"",
            "\"embedding_dimension\"",
            "\"l2_normalized\"",
            "\"data_fingerprint\"",
            "\"max_pixels\"",
            "\"luma_weights\"",
            "\"finetune.test_accuracy\"")
        .doesNotContain("embeddingDimension", "l2Normalized", "maxPixels");
  }

  @Test
  void unknownKeysAreIgnoredForForwardCompatibility() {
    String json = ModelCards.toJson(card()).replaceFirst("\\{", "{\"added_later\": 1,");

    assertThat(ModelCards.fromJson(json)).isEqualTo(card());
  }

  @Test
  void malformedJsonIsAnInvalidCard() {
    assertThatThrownBy(() -> ModelCards.fromJson("{\"name\": "))
        .isInstanceOf(InvalidModelCardException.class)
        .hasMessageStartingWith("model card is invalid");
  }

  @Test
  void aCardWithoutAThresholdIsInvalid() {
    String json = ModelCards.toJson(card()).replaceFirst("\"threshold\" : 0.5,", "");
    assertThat(json).doesNotContain("\"threshold\"");

    assertThatThrownBy(() -> ModelCards.fromJson(json))
        .isInstanceOf(InvalidModelCardException.class)
        .hasMessageContaining("threshold");
  }

  @Test
  void aCardWithAnUnknownMetricIsInvalid() {
    String json = ModelCards.toJson(card()).replace("\"euclidean\"", "\"manhattan\"");

    assertThatThrownBy(() -> ModelCards.fromJson(json))
        .isInstanceOf(InvalidModelCardException.class)
        .hasMessageContaining("manhattan");
  }

  @Test
  void jsonNullIsAnInvalidCard() {
    assertThatThrownBy(() -> ModelCards.fromJson("null"))
        .isInstanceOf(InvalidModelCardException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void aCardWrittenToAFileReadsBackEqual(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("m").resolve(ModelCards.FILE_NAME);

    ModelCards.write(card(), file);

    assertThat(ModelCards.read(file)).isEqualTo(card());
  }

  @Test
  void copiesChangeOnlyWhatTheyName() {
    ModelCard card = card();

    ModelCard verified = card.withVerification(Map.of("max_diff", 2e-6));
    ModelCard renamed =
        card.withName("pair", List.of(TensorSpec.float32("a", -1, 1, 32, 32)), List.of());

    assertThat(verified.verification()).containsExactly(Map.entry("max_diff", 2e-6));
    assertThat(verified.name()).isEqualTo(card.name());
    assertThat(renamed.name()).isEqualTo("pair");
    assertThat(renamed.outputs()).isEmpty();
    assertThat(renamed.threshold()).isEqualTo(card.threshold());
  }

  @Test
  void theEvaluationProtocolSurvivesAJsonRoundTripInSnakeCase() {
    EvaluationProtocol protocol =
        new EvaluationProtocol(
            "classes",
            List.of("3", "7"),
            "30% of the classes by seed 42",
            List.of(),
            List.of("3"),
            true,
            "far=0.001",
            List.of("test one-shot episodes: too few classes"));
    ModelCard card = card(protocol);

    String json = ModelCards.toJson(card);
    ModelCard back = ModelCards.fromJson(json);

    assertThat(json).contains("\"evaluation_protocol\"", "\"held_out_classes\"");
    assertThat(back.evaluationProtocol()).isEqualTo(protocol);
    assertThat(back.withVerification(Map.of()).evaluationProtocol()).isEqualTo(protocol);
  }

  @Test
  void aCardWrittenBeforeTheProtocolExistedReadsWithAnEmptyOne() {
    String json =
        ModelCards.toJson(card()).replaceFirst(",\\s*\"evaluation_protocol\" : \\{[^}]*\\}", "");
    assertThat(json).doesNotContain("evaluation_protocol");

    ModelCard back = ModelCards.fromJson(json);

    assertThat(back.evaluationProtocol()).isEqualTo(EvaluationProtocol.unrecorded());
    assertThat(back).isEqualTo(card());
  }

  @Test
  void theFineTuningAugmentationSurvivesTheRoundTripAndTheCopies() {
    ModelCard card = card();

    ModelCard back = ModelCards.fromJson(ModelCards.toJson(card));

    assertThat(ModelCards.toJson(card)).contains("\"augment\" : \"crop,jitter\"");
    assertThat(back.augment()).isEqualTo("crop,jitter");
    assertThat(back.withVerification(Map.of()).augment()).isEqualTo("crop,jitter");
    assertThat(back.forDistanceModel("distance").augment()).isEqualTo("crop,jitter");
  }

  @Test
  void aCardWrittenBeforeAugmentationWasRecordedReadsNone() {
    String json = ModelCards.toJson(card()).replaceFirst(",\\s*\"augment\" : \"[^\"]*\"", "");
    assertThat(json).doesNotContain("augment");

    assertThat(ModelCards.fromJson(json).augment()).isEqualTo(ModelCard.NO_AUGMENTATION);
  }
}
