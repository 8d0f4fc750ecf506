package io.siameseonnx.model.testing;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.model.card.ModelKind;
import io.siameseonnx.model.repository.ModelRepository;
import io.siameseonnx.model.repository.TritonConfig;
import io.siameseonnx.model.spec.TowerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes test models into a repository through the same {@link ModelRepository} transaction the
 * trainer uses: tiny linear towers by default, any model or raw bytes on request.
 */
public final class TestRepository {
  /** The embedding length of the default test towers. */
  public static final int DIMENSION = 8;

  private final Path root;

  /** A repository under {@code root}. */
  public TestRepository(Path root) {
    this.root = root;
  }

  /** The repository root. */
  public Path root() {
    return root;
  }

  /** Writes a valid linear embedding model (weights seeded by the version) as {@code version}. */
  public Path writeVersion(long version) throws IOException {
    return write(version, TestModels.linearTower(DIMENSION));
  }

  /** Writes the embedding model of {@code tower} with its own card as {@code version}. */
  public Path write(long version, TowerSpec tower) throws IOException {
    ModelCard card = TestModels.card(tower);
    return write(version, TestModels.embedding(tower, version, card), card);
  }

  /**
   * Writes the embedding and distance models of {@code tower} as {@code version} of both, as an
   * export does.
   */
  public void writePair(long version, TowerSpec tower, ModelCard card) throws IOException {
    ModelCard pairCard = card.forDistanceModel(ModelKind.DISTANCE.defaultName());
    writeModels(
        version,
        List.of(
            new Entry(card.name(), TestModels.embedding(tower, version, card).toByteArray(), card),
            new Entry(
                pairCard.name(),
                TestModels.distance(tower, version, card).toByteArray(),
                pairCard)));
  }

  /** Writes a model and card as {@code version} of {@code siamese-embedding}. */
  public Path write(long version, ModelProto model, ModelCard card) throws IOException {
    return writeBytes(version, model.toByteArray(), card);
  }

  /** Writes raw bytes (possibly not a valid model) as {@code version}. */
  public Path writeBytes(long version, byte[] model, ModelCard card) throws IOException {
    String name = ModelKind.EMBEDDING.defaultName();
    writeModels(version, List.of(new Entry(name, model, card)));
    return new ModelRepository(root).versionDir(name, version).resolve(ModelRepository.MODEL_FILE);
  }

  /** Writes bytes that are not an ONNX model as {@code version}. */
  public Path writeCorrupt(long version) throws IOException {
    return writeBytes(
        version,
        "not an onnx model".getBytes(StandardCharsets.UTF_8),
        TestModels.card(TestModels.linearTower(DIMENSION)));
  }

  private record Entry(String name, byte[] model, ModelCard card) {}

  private void writeModels(long version, List<Entry> entries) throws IOException {
    ModelRepository repo = new ModelRepository(root);
    try (ModelRepository.Transaction tx =
        repo.begin(entries.stream().map(Entry::name).toList(), version)) {
      for (Entry e : entries) {
        Path dir = tx.stagingDir(e.name());
        java.nio.file.Files.write(dir.resolve(ModelRepository.MODEL_FILE), e.model());
        if (e.card() != null) {
          ModelCards.write(e.card(), dir.resolve(ModelRepository.CARD_FILE));
          tx.config(e.name(), TritonConfig.of(e.card(), 64).toPbtxt());
        }
      }
      tx.commit();
    }
  }
}
