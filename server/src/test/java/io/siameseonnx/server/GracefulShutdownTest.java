package io.siameseonnx.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.batching.BatcherOptions;
import io.siameseonnx.server.batching.DynamicBatcher;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.TestServers;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GracefulShutdownTest {
  @TempDir Path repo;

  @Test
  void stoppingFinishesTheRequestInFlightThenRefusesConnections() throws Exception {
    new TestRepository(repo).writeVersion(1);
    ServerConfig config =
        TestServers.config(repo)
            .withBatching(new BatcherOptions(8, Duration.ofSeconds(30), 64), 32)
            .withTuning(2, Duration.ofSeconds(20), 1);
    SiameseServer server = SiameseServer.create(config);
    server.start();
    Http http = new Http(server.port());
    DynamicBatcher.Ticket straggler = server.batcher().admit(1);
    CompletableFuture<Http.Reply> inFlight =
        CompletableFuture.supplyAsync(
            () -> http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1)))));
    // The request is in flight once its image waits in the queue (held there by the straggler).
    while (server.batcher().queuedImages() == 0) {
      Thread.sleep(5);
    }
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
    while (server.slot().isReady()) {
      Thread.sleep(5);
    }
    assertThat(inFlight).isNotDone();
    straggler.close();

    Http.Reply reply = inFlight.get();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("embeddings")).hasSize(1);
    stopping.get();
    assertThatThrownBy(() -> http.get("/health/live")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void aRequestThatOutlivesTheShutdownTimeoutNeitherHoldsTheStopNorSkipsTheCleanUp()
      throws Exception {
    new TestRepository(repo).writeVersion(1);
    ServerConfig config =
        TestServers.config(repo)
            .withBatching(new BatcherOptions(8, Duration.ofMinutes(5), 64), 32)
            .withTuning(2, Duration.ofSeconds(1), 1);
    SiameseServer server = SiameseServer.create(config);
    server.start();
    Http http = new Http(server.port());
    // Never submitted: the batcher waits for it, so the request below stays queued for minutes.
    server.batcher().admit(1);
    CompletableFuture<Http.Reply> inFlight =
        CompletableFuture.supplyAsync(
            () -> http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1)))));
    while (server.batcher().queuedImages() == 0) {
      Thread.sleep(5);
    }
    server.close();

    // close() came back though the request could not finish, and cleaned up behind it.
    assertThat(server.slot().peek()).isEmpty();
    assertThatThrownBy(() -> server.batcher().admit(1))
        .isInstanceOfSatisfying(
            io.siameseonnx.server.errors.OverloadedException.class,
            e -> assertThat(e.shuttingDown()).isTrue());
    assertThatThrownBy(() -> http.get("/health/live")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void aRequestOnAnOpenConnectionDuringTheDrainGets503InTheJsonShape() throws Exception {
    new TestRepository(repo).writeVersion(1);
    ServerConfig config =
        TestServers.config(repo)
            .withBatching(new BatcherOptions(8, Duration.ofSeconds(30), 64), 32)
            .withTuning(2, Duration.ofSeconds(20), 1);
    SiameseServer server = SiameseServer.create(config);
    server.start();
    Http http = new Http(server.port());
    DynamicBatcher.Ticket straggler = server.batcher().admit(1);
    try (io.siameseonnx.server.support.RawHttp open =
        new io.siameseonnx.server.support.RawHttp(server.port(), 10_000)) {
      assertThat(open.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").read().status())
          .isEqualTo(200);
      CompletableFuture<Http.Reply> inFlight =
          CompletableFuture.supplyAsync(
              () ->
                  http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1)))));
      while (server.batcher().queuedImages() == 0) {
        Thread.sleep(5);
      }
      // A request whose headers are still arriving keeps the connection busy, so Jetty's graceful
      // stop, which closes idle connections, leaves it open; its headers complete once the stop
      // has begun (new connections are refused), and it is answered by the stopping server.
      open.send("GET /v1/models HTTP/1.1\r\nHost: x\r\n");
      int port = server.port();
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
      while (acceptsConnections(port)) {
        Thread.sleep(5);
      }
      io.siameseonnx.server.support.RawHttp.Response during = open.send("\r\n").read();
      assertThat(during.status()).isEqualTo(503);
      assertThat(during.header("Content-Type")).startsWith("application/json");
      assertThat(during.header("Retry-After")).isEqualTo("1");
      assertThat(during.body()).contains("\"error\":\"not_ready\"");
      straggler.close();
      assertThat(inFlight.get().status()).isEqualTo(200);
      stopping.get();
    }
  }

  private static boolean acceptsConnections(int port) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (java.io.IOException refused) {
      return false;
    }
  }
}
