package io.siameseonnx.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.model.card.TensorSpec;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing, corrupt or mismatched model fails to load with one line that names the file. */
class ModelValidationTest {
  private static final TowerSpec EIGHT = TestModels.linearTower(8);

  @TempDir Path repo;

  private Path write(ai.onnx.proto.OnnxMl.ModelProto model) throws Exception {
    return new TestRepository(repo).write(1, model, TestModels.card(EIGHT));
  }

  private AbstractThrowableAssert<?, ? extends Throwable> loading(Path file) {
    return assertThatThrownBy(() -> OnnxModel.load(file, 1, TestServers.cpu()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("cannot load model " + file + ": ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aValidModelLoadsWithItsCard() throws Exception {
    Path file = new TestRepository(repo).writeVersion(1);
    try (OnnxModel embedder = OnnxModel.load(file, 1, TestServers.cpu())) {
      assertThat(embedder.card().embeddingDimension()).isEqualTo(TestRepository.DIMENSION);
      assertThat(embedder.inputName()).isEqualTo("image");
      assertThat(embedder.outputName()).isEqualTo("embedding");
      assertThat(embedder.imageSize()).isEqualTo(1024);
      assertThat(embedder.provider()).isEqualTo(Device.CPU);
    }
  }

  @Test
  void aMissingFileIsNamed() {
    loading(repo.resolve("nope/1/model.onnx")).hasMessageContaining("file not found");
  }

  @Test
  void aFileThatIsNotOnnxIsNamed() throws Exception {
    loading(new TestRepository(repo).writeCorrupt(1));
  }

  @Test
  void aModelWithoutACardIsRefused() throws Exception {
    Path file = write(TestModels.withMetadata(TestModels.embedding(EIGHT, 1), Map.of()));
    loading(file).hasMessageContaining("no model card in the ONNX metadata");
  }

  @Test
  void aCorruptCardIsRefused() throws Exception {
    Path file =
        write(
            TestModels.withMetadata(
                TestModels.embedding(EIGHT, 1), Map.of(ModelCard.METADATA_KEY, "{not json")));
    loading(file).hasMessageContaining("model card in the ONNX metadata is invalid");
  }

  @Test
  void aCardNamingAnotherInputIsRefused() throws Exception {
    Path file = write(TestModels.renamed(TestModels.embedding(EIGHT, 1), "image", "pixels"));
    loading(file).hasMessageContaining("names input 'image' but the graph's inputs are [pixels]");
  }

  @Test
  void aCardNamingAnotherOutputIsRefused() throws Exception {
    Path file = write(TestModels.renamed(TestModels.embedding(EIGHT, 1), "embedding", "features"));
    loading(file)
        .hasMessageContaining("names output 'embedding' but the graph's outputs are [features]");
  }

  @Test
  void anEmbeddingDimensionThatDisagreesWithTheGraphIsRefused() throws Exception {
    ModelCard card = TestModels.card(TestModels.linearTower(16));
    Path file = write(TestModels.embedding(EIGHT, 1, card));
    loading(file)
        .hasMessageContaining("has shape [-1, 8] but the card's embedding_dimension is 16");
  }

  @Test
  void anInputSizeThatDisagreesWithThePreprocessingIsRefused() throws Exception {
    TowerSpec small = TestModels.linearTower(8, 28, 28);
    Path file = write(TestModels.embedding(small, 1, TestModels.card(EIGHT)));
    loading(file)
        .hasMessageContaining(
            "has shape [-1, 1, 28, 28] but the card's preprocessing needs [N, 1, 32, 32]");
  }

  @Test
  void aFixedBatchDimensionIsRefused() throws Exception {
    Path file = write(TestModels.withFixedBatch(TestModels.embedding(EIGHT, 1)));
    loading(file).hasMessageContaining("fixed batch size of 1");
  }

  @Test
  void aCardWhoseTensorsContradictItselfIsRefused() throws Exception {
    ModelCard good = TestModels.card(EIGHT);
    ModelCard bad =
        new ModelCard(
            good.schemaVersion(),
            good.name(),
            good.architecture(),
            good.createdAt(),
            PreprocessingSpec.defaults(),
            List.of(TensorSpec.float32("image", -1, 1, 64, 64)),
            good.outputs(),
            8,
            Metric.EUCLIDEAN.wireName(),
            true,
            "contrastive",
            1.0,
            0.5,
            Map.of(),
            "",
            Map.of(),
            Map.of(),
            io.siameseonnx.model.card.EvaluationProtocol.unrecorded(),
            ModelCard.NO_AUGMENTATION);
    Path file =
        write(
            TestModels.withMetadata(
                TestModels.embedding(EIGHT, 1),
                Map.of(ModelCard.METADATA_KEY, ModelCards.toJson(bad))));
    loading(file).hasMessageContaining("the model card's input 'image' has shape [-1, 1, 64, 64]");
  }
}
