package io.siameseonnx.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.service.DecodeBudget;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.shared.image.DecodeGate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encoded images are decoded within the server's decode budget: while its main share is taken, a
 * large PNG waits, then gets 429 in the one error shape; a small PNG uses the share kept for small
 * images and goes through, as do tensors, which need no decoding. Only the decode wait is short;
 * inference keeps the default request timeout, so a slow machine cannot turn a 200 into a 429.
 */
class DecodeBudgetOverHttpTest {
  @TempDir Path repo;

  @Test
  void aLargePngWaitsAndIsRefusedWhileASmallOneGoesThroughItsOwnShare() throws Exception {
    new TestRepository(repo).writeVersion(1);
    ServerConfig config =
        TestServers.config(repo)
            .withDecodeBudget(1024 * 1024)
            .withDecodeWait(Duration.ofMillis(200));
    try (SiameseServer server = TestServers.ready(config)) {
      DecodeBudget budget = server.decodeBudget();
      assertThat(budget.bytes()).isEqualTo(1024 * 1024);
      ServerFixture.http(
          server,
          http -> {
            Object small = Http.body("images", List.of(Images.pngBase64(1)));
            // 200x200 gray: 200 KB of decoding, well over the 16 KB of a small image.
            Object large =
                Http.body(
                    "images", List.of(Base64.getEncoder().encodeToString(Images.png(200, 200, 2))));
            Object tensor = Http.body("images", List.of(Images.tensor(1)));
            try (DecodeGate.Permit all = budget.admit(Long.MAX_VALUE)) {
              Http.Reply refused = http.postJson("/v1/embeddings", large);
              assertThat(refused.status()).isEqualTo(429);
              assertThat(refused.json().get("error").asText()).isEqualTo("overloaded");
              assertThat(refused.json().get("message").asText()).contains("decoded at once");
              assertThat(refused.header("Retry-After")).isPresent();

              assertThat(http.postJson("/v1/embeddings", small).status()).isEqualTo(200);
              assertThat(http.postJson("/v1/embeddings", tensor).status()).isEqualTo(200);
            }
            assertThat(http.postJson("/v1/embeddings", large).status()).isEqualTo(200);
            assertThat(budget.availableBytes()).isEqualTo(budget.bytes());
          });
    }
  }

  @Test
  void withoutAConfiguredSizeTheBudgetIsAQuarterOfTheHeap() throws Exception {
    new TestRepository(repo).writeVersion(1);
    try (SiameseServer server = SiameseServer.create(TestServers.config(repo))) {
      long expected = DecodeBudget.defaultBytes();
      assertThat(server.decodeBudget().bytes()).isBetween(expected - 64 * 1024, expected);
    }
  }
}
