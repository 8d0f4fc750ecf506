package io.siameseonnx.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.batching.BatcherOptions;
import io.siameseonnx.server.batching.DynamicBatcher;
import io.siameseonnx.server.support.Floats;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchingOverHttpTest {
  @TempDir Path repo;

  @Test
  void concurrentRequestsShareOneOnnxRuntimeCallAndGetTheUnbatchedResults() throws Exception {
    new TestRepository(repo).writeVersion(1);
    int clients = 4;
    ServerConfig config =
        TestServers.config(repo)
            .withBatching(new BatcherOptions(clients, Duration.ofSeconds(30), 64), 32);
    try (SiameseServer server = TestServers.ready(config)) {
      DistributionSummary batches = server.metrics().registry().get("siamese.batch.size").summary();
      ServerFixture.http(
          server,
          http -> {
            List<String> batched = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            // An admitted image still "being preprocessed" makes the batcher wait for more work, so
            // the four requests are certain to meet in one batch, however the threads are
            // scheduled.
            try (DynamicBatcher.Ticket straggler = server.batcher().admit(1)) {
              List<Future<Http.Reply>> replies = new ArrayList<>();
              for (int i = 0; i < clients; i++) {
                Object body = Http.body("images", List.of(Images.tensor(i)), "encoding", "base64");
                replies.add(pool.submit(() -> http.postJson("/v1/embeddings", body)));
              }
              for (Future<Http.Reply> reply : replies) {
                assertThat(reply.get().status()).isEqualTo(200);
                batched.add(reply.get().json().get("embeddings").get(0).asText());
              }
            } finally {
              pool.shutdown();
            }
            assertThat(batches.count()).isEqualTo(1);
            assertThat(batches.totalAmount()).isEqualTo(clients);
            assertThat(batches.max()).isEqualTo(clients);

            for (int i = 0; i < clients; i++) {
              Object body = Http.body("images", List.of(Images.tensor(i)), "encoding", "base64");
              String alone =
                  http.postJson("/v1/embeddings", body).json().get("embeddings").get(0).asText();
              assertThat(Floats.fromBase64(alone))
                  .containsExactly(Floats.fromBase64(batched.get(i)));
            }
            assertThat(batches.count()).isEqualTo(1 + clients);
            assertThat(batches.totalAmount()).isEqualTo(2 * clients);
          });
    }
  }
}
