package io.siameseonnx.server.support;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.siameseonnx.server.ServerConfig;
import io.siameseonnx.server.bench.ModelRepositoryWriter;
import io.siameseonnx.server.bench.TowerModels;
import io.siameseonnx.server.bench.TowerModels.LinearTower;
import io.siameseonnx.shared.card.ModelCard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Writes tiny linear towers into a temporary model repository in the trainer's layout. */
public final class TestRepository {
  /** The embedding length of the test towers. */
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

  /** Writes a valid linear tower (seeded by its version) as {@code version}. */
  public Path writeVersion(int version) throws IOException {
    return write(version, LinearTower.of(DIMENSION, version));
  }

  /** Writes a tower with its own matching card as {@code version}. */
  public Path write(int version, LinearTower tower) throws IOException {
    ModelCard card = TowerModels.card(tower);
    return write(version, TowerModels.linear(tower, TowerModels.cardMetadata(card)), card);
  }

  /** Writes a model with arbitrary metadata (for broken cards). */
  public Path write(int version, LinearTower tower, Map<String, String> metadata)
      throws IOException {
    return write(version, TowerModels.linear(tower, metadata), TowerModels.card(tower));
  }

  /** Writes a model and card as {@code version}. */
  public Path write(int version, ModelProto model, ModelCard card) throws IOException {
    return ModelRepositoryWriter.write(root, ServerConfig.DEFAULT_MODEL_NAME, version, model, card);
  }

  /** Writes bytes that are not an ONNX model as {@code version}. */
  public Path writeCorrupt(int version) throws IOException {
    return ModelRepositoryWriter.writeBytes(
        root, ServerConfig.DEFAULT_MODEL_NAME, version, "not an onnx model".getBytes(), null);
  }
}
