package io.siameseonnx.server.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.card.ModelKind;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.runtime.ModelLoadException;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.shared.distance.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server holds each model of the repository in its own host, and starts on what loads. */
class ModelHostsTest {
  private static final TowerSpec TOWER = TestModels.linearTower(8);

  @TempDir Path repo;

  @Test
  void theDistanceModelIsServedBesideTheEmbeddingModelWithItsOwnBatcher() throws Exception {
    ModelCard card = TestModels.card(TOWER);
    new TestRepository(repo).writePair(1, TOWER, card);
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      ModelHost distance = server.hosts().distance().orElseThrow();
      assertThat(distance.kind()).isEqualTo(ModelKind.DISTANCE);
      assertThat(distance.slot().isReady()).isTrue();
      assertThat(distance.batcher()).isNotSameAs(server.batcher());
      float[] a = Images.pixels(32, 32, 1);
      float[] b = Images.pixels(32, 32, 2);
      float[] pair = new float[a.length + b.length];
      System.arraycopy(a, 0, pair, 0, a.length);
      System.arraycopy(b, 0, pair, a.length, b.length);
      float[] d;
      try (ModelSlot.Lease lease = distance.slot().lease()) {
        d = distance.batcher().admit(1).submit(lease.model(), new float[][] {pair}).get()[0];
      }
      ServedModel embedding = server.slot().peek().orElseThrow();
      float[][] e = embedding.onnx().embed(new float[][] {a, b});
      assertThat((double) d[0]).isCloseTo(Metric.EUCLIDEAN.between(e[0], e[1]), within(1e-5));
      ServerFixture.http(
          server,
          http -> {
            JsonNode models = http.get("/v1/models").json().get("models");
            assertThat(models).hasSize(2);
            assertThat(models.get(0).get("kind").asText()).isEqualTo("embedding");
            assertThat(models.get(1).get("name").asText()).isEqualTo("siamese-distance");
            assertThat(models.get(1).get("kind").asText()).isEqualTo("distance");
            assertThat(models.get(1).get("ready").asBoolean()).isTrue();
            assertThat(models.get(1).get("path").asText())
                .isEqualTo("siamese-distance/1/model.onnx");
            assertThat(http.get("/metrics").body())
                .contains("siamese_model_version{model=\"siamese-distance\"} 1")
                .contains("siamese_images_total{model=\"siamese-distance\"} 1");
          });
    }
  }

  @Test
  void startUpServesTheNewestVersionThatLoadsAndListsTheOnesItSkipped() throws Exception {
    TestRepository models = new TestRepository(repo);
    models.writeVersion(1);
    models.writeCorrupt(2);
    models.writeBytes(3, new byte[0], null);
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      assertThat(server.slot().peek().orElseThrow().info().version()).isEqualTo(1);
      ServerFixture.http(
          server,
          http -> {
            JsonNode json = http.get("/v1/models").json();
            assertThat(json.get("version").asLong()).isEqualTo(1);
            JsonNode skipped = json.get("skipped_versions");
            assertThat(skipped).hasSize(2);
            assertThat(skipped.get(0).get("version").asLong()).isEqualTo(3);
            assertThat(skipped.get(0).get("path").asText())
                .isEqualTo("siamese-embedding/3/model.onnx");
            assertThat(skipped.get(1).get("version").asLong()).isEqualTo(2);
          });
    }
  }

  @Test
  void aRepositoryWithNoLoadableVersionStopsStartUpNamingEachReason() throws Exception {
    TestRepository models = new TestRepository(repo);
    models.writeCorrupt(1);
    models.writeCorrupt(2);
    try (SiameseServer server = SiameseServer.create(TestServers.config(repo))) {
      assertThatThrownBy(server::loadModel)
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("no version of siamese-embedding")
          .hasMessageContaining("2/model.onnx")
          .hasMessageContaining("1/model.onnx")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void aNewestVersionThatFailsWarmUpGivesWayToTheOlderOne() throws Exception {
    TestRepository models = new TestRepository(repo);
    models.writeVersion(1);
    ModelCard card = TestModels.card(TOWER);
    models.write(2, TestModels.failingAboveBatchOne(card), card);
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      assertThat(server.slot().isReady()).isTrue();
      assertThat(server.slot().peek().orElseThrow().info().version()).isEqualTo(1);
      assertThat(server.models().status().skipped())
          .singleElement()
          .satisfies(f -> assertThat(f.message()).contains("warm-up inference failed"));
    }
  }

  @Test
  void aDistanceModelThatDoesNotLoadLeavesTheServerServingEmbeddings() throws Exception {
    TestRepository models = new TestRepository(repo);
    models.writeVersion(1);
    Path distance = Files.createDirectories(repo.resolve("siamese-distance/1"));
    Files.writeString(distance.resolve("model.onnx"), "not a model");
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      assertThat(server.slot().isReady()).isTrue();
      assertThat(server.hosts().distance().orElseThrow().slot().isReady()).isFalse();
    }
  }

  @Test
  void aDistanceModelInTheEmbeddingModelsFolderIsRefusedAsSuch() throws Exception {
    ModelCard card = TestModels.card(TOWER);
    new TestRepository(repo)
        .write(1, TestModels.distance(TOWER, 1, card), card.forDistanceModel("x"));
    try (SiameseServer server = SiameseServer.create(TestServers.config(repo))) {
      assertThatThrownBy(server::loadModel)
          .hasMessageContaining("this is a distance model")
          .hasMessageContaining("an embedding model was expected here");
    }
  }
}
