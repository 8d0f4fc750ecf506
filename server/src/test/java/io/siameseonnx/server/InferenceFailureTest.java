package io.siameseonnx.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.server.api.ErrorResponsesTest;
import io.siameseonnx.server.bench.TowerModels;
import io.siameseonnx.server.bench.TowerModels.LinearTower;
import io.siameseonnx.server.inference.ModelLoadException;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestRepository;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.shared.card.ModelCard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that passes the load-time checks but produces embeddings of the wrong length: the graph
 * declares its output {@code [N, -1]}, makes 16 values, and its card says 8.
 */
class InferenceFailureTest {
  @TempDir Path repo;

  private void writeLyingModel() throws Exception {
    ModelCard card = TowerModels.card(LinearTower.of(8, 1));
    LinearTower tower = LinearTower.of(16, 1).withDynamicOutput();
    new TestRepository(repo)
        .write(1, TowerModels.linear(tower, TowerModels.cardMetadata(card)), card);
  }

  @Test
  void warmUpCatchesItBeforeTheServerIsReady() throws Exception {
    writeLyingModel();
    try (SiameseServer server =
        SiameseServer.create(TestServers.config(repo).withTuning(1, Duration.ZERO, 1))) {
      server.loadModel();
      Assertions.assertThatThrownBy(server::warmUp)
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("warm-up inference failed")
          .hasMessageContaining("expected [1, 8]");
      assertThat(server.slot().isReady()).isFalse();
    }
  }

  @Test
  void withoutWarmUpAnInferenceFailureIsA500WithoutDetails() throws Exception {
    writeLyingModel();
    try (SiameseServer server =
        SiameseServer.create(TestServers.config(repo).withTuning(1, Duration.ZERO, 0))) {
      server.loadModel();
      server.warmUp();
      ServerFixture.http(
          server,
          http -> {
            Http.Reply reply =
                http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1))));
            ErrorResponsesTest.assertError(reply, 500, "inference_failed");
            assertThat(reply.json().get("message").asText())
                .isEqualTo("inference failed; see the server log");
            assertThat(http.get("/metrics").body())
                .contains("siamese_inference_seconds_count{outcome=\"error\"} 1");
            assertThat(http.get("/health/live").status()).isEqualTo(200);
          });
    }
  }
}
