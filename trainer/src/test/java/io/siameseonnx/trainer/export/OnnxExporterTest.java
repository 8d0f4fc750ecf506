package io.siameseonnx.trainer.export;

import static io.siameseonnx.model.testing.RepositoryAssertions.hidden;
import static io.siameseonnx.model.testing.RepositoryAssertions.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.model.card.TensorSpec;
import io.siameseonnx.model.onnx.SiameseGraphs;
import io.siameseonnx.model.repository.ModelRepository;
import io.siameseonnx.model.spec.Architectures;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.model.Checkpoint;
import io.siameseonnx.trainer.model.CheckpointInfo;
import io.siameseonnx.trainer.model.TowerInference;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export facade end to end: files, cards, verification and atomic publication. */
class OnnxExporterTest {
  private static final TowerSpec SPEC =
      Architectures.named(Architectures.COMPACT, 1, 32, 32).withL2Normalize();
  private static final String EMB = OnnxExporter.DEFAULT_EMBEDDING_NAME;
  private static final String DIST = OnnxExporter.DEFAULT_DISTANCE_NAME;
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @TempDir Path dir;

  private NDManager manager;
  private SequentialBlock tower;
  private CheckpointInfo info;
  private float[][] images;
  private Path repo;

  @BeforeEach
  void setUp() {
    manager = NDManager.newBaseManager();
    tower = ExportFixtures.tower(SPEC, manager);
    ExportFixtures.trainBatchNorm(tower, SPEC, manager, 2);
    info = ExportFixtures.info(SPEC);
    images = ExportFixtures.images(12, SPEC.inputShape(), 11);
    repo = dir.resolve("models");
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private ExportResult export(ExportSettings settings) throws Exception {
    return export(settings, info);
  }

  private ExportResult export(ExportSettings settings, CheckpointInfo checkpoint) throws Exception {
    return new OnnxExporter(settings.withClock(Clock.fixed(NOW, ZoneOffset.UTC)))
        .export(tower, checkpoint, manager, repo, EMB, DIST, images);
  }

  @Test
  void anExportWritesBothModelsWithCardsAndConfigsInTritonLayout() throws Exception {
    ExportResult result = export(ExportSettings.defaults());

    assertThat(result.version()).isEqualTo(1);
    assertThat(tree(repo))
        .containsExactly(
            DIST,
            DIST + "/1",
            DIST + "/1/model-card.json",
            DIST + "/1/model.onnx",
            DIST + "/config.pbtxt",
            EMB,
            EMB + "/1",
            EMB + "/1/model-card.json",
            EMB + "/1/model.onnx",
            EMB + "/config.pbtxt");
    assertThat(result.embeddingModel()).isEqualTo(repo.resolve(EMB + "/1/model.onnx"));
    assertThat(result.distanceModel()).isEqualTo(repo.resolve(DIST + "/1/model.onnx"));
    assertThat(Files.readString(repo.resolve(EMB + "/config.pbtxt")))
        .contains("name: \"" + EMB + "\"", "dims: [ 1, 32, 32 ]", "dims: [ 128 ]");
    assertThat(Files.readString(repo.resolve(DIST + "/config.pbtxt")))
        .contains("name: \"image_a\"", "name: \"image_b\"", "name: \"distance\"");
  }

  @Test
  void theCardDescribesTheModelAndRecordsTheVerification() throws Exception {
    ExportResult result = export(ExportSettings.defaults());
    ModelCard card = result.card();

    assertThat(card.name()).isEqualTo(EMB);
    assertThat(card.architecture()).isEqualTo(Architectures.COMPACT);
    assertThat(card.createdAt()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(card.preprocessing()).isEqualTo(info.preprocessing());
    assertThat(card.inputs()).containsExactly(TensorSpec.float32("image", -1, 1, 32, 32));
    assertThat(card.outputs()).containsExactly(TensorSpec.float32("embedding", -1, 128));
    assertThat(card.embeddingDimension()).isEqualTo(128);
    assertThat(card.metric()).isEqualTo("euclidean");
    assertThat(card.l2Normalized()).isTrue();
    assertThat(card.threshold()).isEqualTo(0.75);
    assertThat(card.margin()).isEqualTo(1.0);
    assertThat(card.loss()).isEqualTo("contrastive");
    assertThat(card.metrics()).containsEntry("finetune.test_accuracy", 0.93);
    assertThat(card.dataFingerprint()).isEqualTo("0123abcd");
    assertThat(card.versions())
        .containsEntry("djl", "0.36.0")
        .containsEntry("pytorch", "2.7.1")
        .containsEntry("onnx_opset", "13")
        .containsEntry("onnx_ir_version", "7")
        .containsKeys("siamese_onnx", "onnxruntime");
    assertThat(card.verification().get(ParityFigures.MAX_ABS_DIFF_EMBEDDING)).isLessThan(1e-5);
    assertThat(card.verification().get(ParityFigures.MAX_ABS_DIFF_DISTANCE)).isLessThan(1e-5);
    assertThat(card.verification().get(ParityFigures.IMAGES)).isEqualTo(12.0 + 8);
    assertThat(result.distanceCard().name()).isEqualTo(DIST);
    assertThat(result.distanceCard().outputs()).containsExactly(TensorSpec.float32("distance", -1));
    assertThat(result.distanceCard().verification()).isEqualTo(card.verification());
  }

  @Test
  void theCardReadsBackFromOnnxRuntimeMetadataTheProtoAndTheJsonFile() throws Exception {
    ExportResult result = export(ExportSettings.defaults());

    try (OrtSession session =
        OrtEnvironment.getEnvironment().createSession(result.embeddingModel().toString())) {
      OnnxModelMetadata metadata = session.getMetadata();
      assertThat(metadata.getProducerName()).isEqualTo("siamese-onnx");
      assertThat(metadata.getVersion()).isEqualTo(1);
      String json = metadata.getCustomMetadata().get(ModelCard.METADATA_KEY);
      assertThat(ModelCards.fromJson(json)).isEqualTo(result.card());
      assertThat(session.getInputNames()).containsExactly("image");
      assertThat(session.getOutputNames()).containsExactly("embedding");
    }
    assertThat(SiameseGraphs.readCard(result.embeddingModel())).isEqualTo(result.card());
    assertThat(SiameseGraphs.readCard(result.distanceModel())).isEqualTo(result.distanceCard());
    assertThat(ModelCards.read(result.cardFile())).isEqualTo(result.card());
    assertThat(ModelCards.read(result.distanceDir().resolve(ModelCards.FILE_NAME)))
        .isEqualTo(result.distanceCard());

    ModelProto proto;
    try (InputStream in = Files.newInputStream(result.distanceModel())) {
      proto = ModelProto.parseFrom(in);
    }
    assertThat(proto.getIrVersion()).isEqualTo(7);
    assertThat(proto.getOpsetImport(0).getVersion()).isEqualTo(13);
    assertThat(proto.getModelVersion()).isEqualTo(1);
    assertThat(proto.getGraph().getInputList()).hasSize(2);
    // The tower appears twice in the graph, its weights once.
    long convNodes =
        proto.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).count();
    assertThat(convNodes).isEqualTo(6);
    assertThat(proto.getGraph().getInitializerList())
        .filteredOn(t -> t.getName().endsWith(".weight"))
        .hasSize(4);
  }

  @Test
  void theExportedModelsAgreeWithDjlOnFreshInputsUnderTheCheckpointsMetric() throws Exception {
    ExportResult result =
        export(ExportSettings.defaults(), ExportFixtures.info(SPEC, Metric.COSINE));
    float[][] fresh = ExportFixtures.images(10, SPEC.inputShape(), 99);
    float[][] djl = TowerInference.embed(tower, manager, SPEC.inputShape(), fresh, 10);
    float[][] onnx = ExportVerifier.embed(result.embeddingModel(), SPEC.inputShape(), fresh);
    assertThat(ExportFixtures.maxAbsDiff(onnx, djl)).isLessThan(1e-5);

    float[][] b = new float[10][];
    for (int i = 0; i < 10; i++) {
      b[i] = fresh[9 - i];
    }
    float[] d = ExportVerifier.distances(result.distanceModel(), SPEC.inputShape(), fresh, b);
    for (int i = 0; i < 10; i++) {
      assertThat((double) d[i])
          .isCloseTo(
              Metric.COSINE.between(djl[i], djl[9 - i]),
              org.assertj.core.api.Assertions.within(1e-5));
    }
    assertThat(result.card().metric()).isEqualTo("cosine");
    assertThat(result.distanceCard().metric()).isEqualTo("cosine");
    assertThat(result.parity().maxAbsDiffDistance()).isLessThan(1e-5);
  }

  @Test
  void eachExportAddsTheNextVersionToBothModels() throws Exception {
    assertThat(export(ExportSettings.defaults()).version()).isEqualTo(1);
    assertThat(export(ExportSettings.defaults()).version()).isEqualTo(2);
    ExportResult third = export(ExportSettings.defaults());
    assertThat(third.version()).isEqualTo(3);
    ModelRepository repository = new ModelRepository(repo);
    assertThat(repository.versions(EMB).stream().map(ModelRepository.Version::number))
        .containsExactly(1L, 2L, 3L);
    assertThat(repository.versions(DIST).stream().map(ModelRepository.Version::number))
        .containsExactly(1L, 2L, 3L);
    assertThat(SiameseGraphs.readCard(third.embeddingModel()).name()).isEqualTo(EMB);
    assertThat(hidden(repo)).isEmpty();
  }

  @Test
  void aFailedVerificationLeavesThePreviousVersionIntactAndNothingElse() throws Exception {
    export(ExportSettings.defaults());
    List<String> before = tree(repo);
    byte[] model = Files.readAllBytes(repo.resolve(EMB + "/1/model.onnx"));
    String config = Files.readString(repo.resolve(EMB + "/config.pbtxt"));

    // No difference is at most a negative tolerance, so verification must fail.
    assertThatThrownBy(() -> export(ExportSettings.defaults().withTolerance(-1)))
        .isInstanceOf(ExportVerificationException.class)
        .hasMessageContaining("differs from DJL")
        .hasMessageContaining("nothing was published");

    assertThat(tree(repo)).isEqualTo(before);
    assertThat(Files.readAllBytes(repo.resolve(EMB + "/1/model.onnx"))).isEqualTo(model);
    assertThat(Files.readString(repo.resolve(EMB + "/config.pbtxt"))).isEqualTo(config);
    assertThat(export(ExportSettings.defaults()).version()).isEqualTo(2);
  }

  @Test
  void aFailedFirstExportLeavesTheRepositoryEmpty() throws Exception {
    assertThatThrownBy(() -> export(ExportSettings.defaults().withTolerance(-1)))
        .isInstanceOf(ExportVerificationException.class);
    assertThat(tree(repo)).isEmpty();
  }

  @Test
  void anUnwritableModelPathFailsTheExportWithoutLeftovers() throws Exception {
    export(ExportSettings.defaults());
    List<String> before = tree(repo);
    // A file where the second model's folder should be: the export fails after staging the first.
    Files.writeString(repo.resolve("blocked"), "x");
    assertThatThrownBy(
            () -> new OnnxExporter().export(tower, info, manager, repo, EMB, "blocked", images))
        .isInstanceOf(java.io.IOException.class);
    List<String> expected = new java.util.ArrayList<>(before);
    expected.add("blocked");
    expected.sort(null);
    assertThat(tree(repo)).isEqualTo(expected);
  }

  @Test
  void anExportFromASavedCheckpointMatchesTheTowerThatWasTrained() throws Exception {
    Path checkpoint = dir.resolve("checkpoint");
    Checkpoint.save(checkpoint, info, tower);
    float[][] fresh = ExportFixtures.images(8, SPEC.inputShape(), 5);
    float[][] trained = TowerInference.embed(tower, manager, SPEC.inputShape(), fresh, 8);

    try (NDManager other = NDManager.newBaseManager()) {
      Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, other);
      ExportResult result =
          new OnnxExporter()
              .export(loaded.tower(), loaded.info(), other, repo, EMB, DIST, new float[0][]);
      float[][] onnx = ExportVerifier.embed(result.embeddingModel(), SPEC.inputShape(), fresh);
      assertThat(ExportFixtures.maxAbsDiff(onnx, trained)).isLessThan(1e-5);
    }
  }
}
