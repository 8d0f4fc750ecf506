package io.siameseonnx.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.models.ModelManager;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotReloadTest {
  @TempDir Path repo;

  private static JsonNode embed(Http http) {
    return http.postJson(
            "/v1/embeddings", Http.body("images", List.of(Images.tensor(1)), "encoding", "base64"))
        .json();
  }

  @Test
  void aNewVersionIsLoadedAndSwappedIn() throws Exception {
    TestRepository models = new TestRepository(repo);
    models.writeVersion(1);
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      ServerFixture.http(
          server,
          http -> {
            JsonNode before = embed(http);
            assertThat(before.get("version").asInt()).isEqualTo(1);
            assertThat(server.models().reload()).isEqualTo(ModelManager.Outcome.UNCHANGED);

            models.writeVersion(2);
            assertThat(server.models().reload()).isEqualTo(ModelManager.Outcome.LOADED);

            JsonNode after = embed(http);
            assertThat(after.get("version").asInt()).isEqualTo(2);
            assertThat(after.get("embeddings")).isNotEqualTo(before.get("embeddings"));
            JsonNode status = http.get("/v1/models").json();
            assertThat(status.get("version").asInt()).isEqualTo(2);
            assertThat(status.get("available_versions").toString()).isEqualTo("[1,2]");
            assertThat(http.get("/health/ready").json().get("version").asInt()).isEqualTo(2);
            assertThat(http.get("/metrics").body())
                .contains("siamese_model_version{model=\"siamese-embedding\"} 2")
                .contains(
                    "siamese_model_loads_total{model=\"siamese-embedding\",result=\"success\"} 2");
          });
    }
  }

  @Test
  void aVersionThatFailsToLoadLeavesTheOldOneServingAndIsReported() throws Exception {
    TestRepository models = new TestRepository(repo);
    models.writeVersion(1);
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      ServerFixture.http(
          server,
          http -> {
            JsonNode before = embed(http);
            models.writeCorrupt(2);
            assertThat(server.models().reload()).isEqualTo(ModelManager.Outcome.FAILED);

            JsonNode after = embed(http);
            assertThat(after.get("version").asInt()).isEqualTo(1);
            assertThat(after.get("embeddings")).isEqualTo(before.get("embeddings"));
            JsonNode status = http.get("/v1/models").json();
            assertThat(status.get("version").asInt()).isEqualTo(1);
            JsonNode failure = status.get("last_reload_failure");
            assertThat(failure.get("version").asInt()).isEqualTo(2);
            assertThat(failure.get("path").asText()).isEqualTo("siamese-embedding/2/model.onnx");
            assertThat(failure.get("error").asText())
                .contains("cannot load model siamese-embedding/2/model.onnx")
                .doesNotContain(repo.toString())
                .doesNotContain("\n");
            assertThat(http.get("/health/ready").status()).isEqualTo(200);
            assertThat(http.get("/metrics").body())
                .contains(
                    "siamese_model_loads_total{model=\"siamese-embedding\",result=\"failure\"} 1")
                .contains("siamese_model_reload_failed{model=\"siamese-embedding\"} 1")
                .contains("siamese_model_version{model=\"siamese-embedding\"} 1");

            // The same broken files are not tried again on every poll.
            assertThat(server.models().reload()).isEqualTo(ModelManager.Outcome.SKIPPED);

            models.writeVersion(3);
            assertThat(server.models().reload()).isEqualTo(ModelManager.Outcome.LOADED);
            assertThat(embed(http).get("version").asInt()).isEqualTo(3);
            assertThat(http.get("/v1/models").json().has("last_reload_failure")).isFalse();
            assertThat(http.get("/metrics").body())
                .contains("siamese_model_reload_failed{model=\"siamese-embedding\"} 0");
          });
    }
  }

  @Test
  void aVersionWhoseCardDisagreesWithItsGraphIsRefused() throws Exception {
    TestRepository models = new TestRepository(repo);
    models.writeVersion(1);
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      var card = TestModels.card(TestModels.linearTower(8));
      models.write(2, TestModels.embedding(TestModels.linearTower(16), 2, card), card);
      assertThat(server.models().reload()).isEqualTo(ModelManager.Outcome.FAILED);
      assertThat(server.models().status().lastFailure())
          .hasValueSatisfying(f -> assertThat(f.message()).contains("embedding_dimension is 8"));
      assertThat(server.slot().peek())
          .hasValueSatisfying(m -> assertThat(m.info().version()).isEqualTo(1));
    }
  }

  @Test
  void theReloaderPicksUpANewVersionByItself() throws Exception {
    TestRepository models = new TestRepository(repo);
    models.writeVersion(1);
    ServerConfig config =
        TestServers.config(repo).withReloadInterval(java.time.Duration.ofMillis(50));
    try (SiameseServer server = SiameseServer.create(config.withAddress("127.0.0.1", 0))) {
      server.start();
      models.writeVersion(2);
      // Waits for the poller (no time limit asserted: the test fails by the suite timeout if
      // never).
      while (server.slot().peek().orElseThrow().info().version() != 2) {
        Thread.sleep(20);
      }
      assertThat(new Http(server.port()).get("/v1/models").json().get("version").asInt())
          .isEqualTo(2);
    }
  }
}
