package io.siameseonnx.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.runtime.ModelLoadException;
import io.siameseonnx.server.support.ErrorAssertions;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that passes the load-time checks but fails in ONNX Runtime on batches of more than one
 * image: its graph reshapes the embeddings to a fixed {@code [1, 8]}.
 */
class InferenceFailureTest {
  @TempDir Path repo;

  private void writeSingleImageModel() throws Exception {
    ModelCard card = TestModels.card(TestModels.linearTower(8));
    new TestRepository(repo).write(1, TestModels.failingAboveBatchOne(card), card);
  }

  @Test
  void warmUpCatchesItBeforeTheServerIsReady() throws Exception {
    writeSingleImageModel();
    try (SiameseServer server =
        SiameseServer.create(TestServers.config(repo).withTuning(1, Duration.ZERO, 1))) {
      server.loadModel();
      assertThatThrownBy(server::warmUp)
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("warm-up inference failed");
      assertThat(server.slot().isReady()).isFalse();
    }
  }

  @Test
  void withoutWarmUpAnInferenceFailureIsA500WithoutDetails() throws Exception {
    try (SiameseServer server = TestServers.failingAboveBatchOne(repo)) {
      ServerFixture.http(
          server,
          http -> {
            Http.Reply one =
                http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1))));
            assertThat(one.status()).isEqualTo(200);
            Http.Reply two =
                http.postJson(
                    "/v1/embeddings",
                    Http.body("images", List.of(Images.tensor(1), Images.tensor(2))));
            ErrorAssertions.assertError(two, 500, "inference_failed");
            assertThat(two.json().get("message").asText())
                .isEqualTo("inference failed; see the server log");
            assertThat(http.get("/metrics").body())
                .contains(
                    "siamese_inference_seconds_count{model=\"siamese-embedding\",outcome=\"error\"} 1");
            assertThat(http.get("/health/live").status()).isEqualTo(200);
            assertThat(
                    http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(3))))
                        .status())
                .isEqualTo(200);
          });
    }
  }

  @Test
  void aModelWhoseOutputIsNotFiniteAnswers500NeverANaN() throws Exception {
    TowerSpec tower = TestModels.linearTower(8);
    new TestRepository(repo).write(1, TestModels.nanOutput(tower), TestModels.card(tower));
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      ServerFixture.http(
          server,
          http -> {
            Http.Reply reply =
                http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1))));
            ErrorAssertions.assertError(reply, 500, "inference_failed");
            assertThat(reply.body()).doesNotContain("NaN");
            Http.Reply distance =
                http.postJson(
                    "/v1/distance", Http.body("a", Images.tensor(1), "b", Images.tensor(2)));
            ErrorAssertions.assertError(distance, 500, "inference_failed");
            assertThat(http.get("/metrics").body())
                .contains("siamese_nonfinite_outputs_total{model=\"siamese-embedding\"} 3.0");
          });
    }
  }
}
