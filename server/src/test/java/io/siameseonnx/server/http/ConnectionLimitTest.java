package io.siameseonnx.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.RawHttp;
import io.siameseonnx.server.support.TestServers;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --max-connections} bounds the HTTP connections open at once, whatever clients do: one over
 * the limit waits to be accepted, and is served once another closes.
 */
class ConnectionLimitTest {
  private static final String LIVE =
      "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

  @TempDir static Path repo;
  static SiameseServer server;

  @BeforeAll
  static void start() throws Exception {
    new TestRepository(repo).writeVersion(1);
    server = SiameseServer.create(TestServers.config(repo).withMaxConnections(2));
    server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aConnectionOverTheLimitWaitsUntilAnotherCloses() throws Exception {
    try (RawHttp first = new RawHttp(server.port(), 10_000);
        RawHttp second = new RawHttp(server.port(), 10_000)) {
      // Both accepted and served, and kept open (keep-alive).
      for (RawHttp open : new RawHttp[] {first, second}) {
        open.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(open.read().status()).isEqualTo(200);
      }
      try (RawHttp third = new RawHttp(server.port(), 1_000)) {
        third.send(LIVE);
        assertThatThrownBy(third::read)
            .as("a third connection is not served while two are open")
            .isInstanceOf(SocketTimeoutException.class);
        first.close();
        assertThat(third.readTimeout(30_000).read().status()).isEqualTo(200);
      }
    }
  }
}
