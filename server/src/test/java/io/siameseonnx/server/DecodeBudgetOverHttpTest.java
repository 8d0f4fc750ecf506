package io.siameseonnx.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.shared.image.DecodeGate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encoded images are decoded within the server's pixel budget: while it is all taken, a PNG waits,
 * then gets 429 in the one error shape; tensors, which need no decoding, go through.
 */
class DecodeBudgetOverHttpTest {
  @TempDir Path repo;

  @Test
  void aPngWaitsForTheDecodeBudgetAndIsRefusedAs429WhenItStaysTaken() throws Exception {
    new TestRepository(repo).writeVersion(1);
    ServerConfig config =
        TestServers.config(repo)
            .withDecodeBudget(1_000_000)
            .withRequestTimeout(Duration.ofMillis(300));
    try (SiameseServer server = TestServers.ready(config)) {
      assertThat(server.decodeBudget().pixels()).isLessThanOrEqualTo(1_000_000);
      ServerFixture.http(
          server,
          http -> {
            Object png = Http.body("images", List.of(Images.pngBase64(1)));
            Object tensor = Http.body("images", List.of(Images.tensor(1)));
            try (DecodeGate.Permit all = server.decodeBudget().admit(Long.MAX_VALUE)) {
              Http.Reply refused = http.postJson("/v1/embeddings", png);
              assertThat(refused.status()).isEqualTo(429);
              assertThat(refused.json().get("error").asText()).isEqualTo("overloaded");
              assertThat(refused.json().get("message").asText()).contains("decoded at once");
              assertThat(refused.header("Retry-After")).isPresent();

              assertThat(http.postJson("/v1/embeddings", tensor).status()).isEqualTo(200);
            }
            assertThat(http.postJson("/v1/embeddings", png).status()).isEqualTo(200);
            assertThat(server.decodeBudget().availablePixels())
                .isEqualTo(server.decodeBudget().pixels());
          });
    }
  }
}
