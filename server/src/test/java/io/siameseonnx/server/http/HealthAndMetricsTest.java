package io.siameseonnx.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.ErrorAssertions;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthAndMetricsTest {
  @TempDir Path repo;

  @Test
  void readinessIs503UntilTheModelIsLoadedAndWarm() throws Exception {
    new TestRepository(repo).writeVersion(1);
    try (SiameseServer server = SiameseServer.create(TestServers.config(repo))) {
      ServerFixture.http(
          server,
          http -> {
            assertThat(http.get("/health/live").status()).isEqualTo(200);
            Http.Reply empty = http.get("/health/ready");
            ErrorAssertions.assertError(empty, 503, "not_ready");
            assertThat(empty.header("Retry-After")).contains("1");
            Http.Reply early =
                http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1))));
            ErrorAssertions.assertError(early, 503, "not_ready");
            assertThat(early.header("Retry-After")).contains("1");

            server.loadModel();
            ErrorAssertions.assertError(http.get("/health/ready"), 503, "not_ready");
            assertThat(http.get("/v1/models").json().get("ready").asBoolean()).isFalse();

            server.warmUp();
            Http.Reply ready = http.get("/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().get("status").asText()).isEqualTo("ready");
            assertThat(ready.json().get("version").asInt()).isEqualTo(1);
            assertThat(ready.json().get("device").asText()).isEqualTo("cpu");
            assertThat(
                    http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1))))
                        .status())
                .isEqualTo(200);
          });
    }
  }

  @Test
  void livenessAnswersLive() throws Exception {
    new TestRepository(repo).writeVersion(1);
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      ServerFixture.http(
          server,
          http ->
              assertThat(http.get("/health/live").json().get("status").asText()).isEqualTo("live"));
    }
  }

  @Test
  void modelsShowsTheCardVersionDeviceAndRepository() throws Exception {
    new TestRepository(repo).writeVersion(1);
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      ServerFixture.http(
          server,
          http -> {
            JsonNode json = http.get("/v1/models").json();
            assertThat(json.get("name").asText()).isEqualTo("siamese-embedding");
            assertThat(json.get("version").asInt()).isEqualTo(1);
            assertThat(json.get("device").asText()).isEqualTo("cpu");
            assertThat(json.get("ready").asBoolean()).isTrue();
            assertThat(json.get("available_versions")).hasSize(1);
            assertThat(json.get("path").asText()).isEqualTo("siamese-embedding/1/model.onnx");
            assertThat(json.has("last_reload_failure")).isFalse();
            JsonNode card = json.get("card");
            assertThat(card.get("embedding_dimension").asInt()).isEqualTo(TestRepository.DIMENSION);
            assertThat(card.get("metric").asText()).isEqualTo("euclidean");
            assertThat(card.get("threshold").asDouble()).isEqualTo(0.5);
            assertThat(card.get("preprocessing").get("width").asInt()).isEqualTo(32);
          });
    }
  }

  @Test
  void metricsCountRequestsByRouteAndStatusAndRecordBatchesQueueAndInference() throws Exception {
    new TestRepository(repo).writeVersion(1);
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      ServerFixture.http(
          server,
          http -> {
            http.postJson(
                "/v1/embeddings", Http.body("images", List.of(Images.tensor(1), Images.tensor(2))));
            http.postJson("/v1/embeddings", Http.body("images", List.of()));
            http.get("/nowhere");
            Http.Reply reply = http.get("/metrics");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            String text = reply.body();
            assertThat(text)
                .contains(
                    "http_server_requests_seconds_count{method=\"POST\",route=\"/v1/embeddings\",status=\"200\"} 1")
                .contains(
                    "http_server_requests_seconds_count{method=\"POST\",route=\"/v1/embeddings\",status=\"422\"} 1")
                .contains(
                    "http_server_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"} 1")
                .contains("http_server_requests_seconds_bucket{")
                .contains("siamese_batch_size_count{model=\"siamese-embedding\"} 1")
                .contains("siamese_batch_size_sum{model=\"siamese-embedding\"} 2")
                .contains("siamese_batch_size_bucket{model=\"siamese-embedding\",le=\"2.0\"} 1")
                .contains(
                    "siamese_inference_seconds_count{model=\"siamese-embedding\",outcome=\"ok\"} 1")
                .contains("siamese_inference_seconds_bucket{")
                .contains("siamese_queue_wait_seconds_count{model=\"siamese-embedding\"} 1")
                .contains("siamese_queue_depth{model=\"siamese-embedding\"} 0")
                .contains("siamese_queue_admitted{model=\"siamese-embedding\"} 0")
                .contains("siamese_images_total{model=\"siamese-embedding\"} 2")
                .contains("siamese_model_version{model=\"siamese-embedding\"} 1")
                .contains(
                    "siamese_model_loads_total{model=\"siamese-embedding\",result=\"success\"} 1")
                .contains("siamese_model_reload_failed{model=\"siamese-embedding\"} 0")
                .contains("siamese_ready 1")
                .contains("jvm_memory_used_bytes");
          });
    }
  }
}
