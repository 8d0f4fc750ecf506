package io.siameseonnx.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.RawHttp;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP edges an attacker or a broken client reaches, on a started server over a raw socket:
 * Jetty's own answers in the JSON shape, {@code Expect: 100-continue} on a refused request, slow
 * headers and bodies, odd methods in the metrics, the favicon.
 */
class HttpEdgesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path repo;
  static SiameseServer server;

  @BeforeAll
  static void start() throws Exception {
    new TestRepository(repo).writeVersion(1);
    server =
        SiameseServer.create(
            TestServers.config(repo)
                .withApiKeys(Set.of("secret"))
                .withHeaderTimeout(Duration.ofMillis(500))
                .withMinBodyRate(1024));
    server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawHttp.Response exchange(String request) throws Exception {
    try (RawHttp http = new RawHttp(server.port(), 10_000)) {
      return http.send(request).read();
    }
  }

  private static void assertJsonError(RawHttp.Response reply, int status, String code)
      throws Exception {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    JsonNode json = JSON.readTree(reply.body());
    assertThat(json.get("status").asInt()).isEqualTo(status);
    assertThat(json.get("error").asText()).isEqualTo(code);
    assertThat(json.get("message").asText()).isNotBlank().doesNotContain("<html", "org.eclipse");
  }

  @Test
  void malformedUrisAreAnsweredInTheJsonShape() throws Exception {
    assertJsonError(
        exchange("GET /health/..;/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        400,
        "invalid_http");
    assertJsonError(
        exchange("GET /health/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        400,
        "invalid_http");
  }

  @Test
  void aUriOrHeadersOverJettysLimitsAreAnsweredInTheJsonShape() throws Exception {
    String longPath = "/health/live?" + "x".repeat(20_000);
    assertJsonError(
        exchange("GET " + longPath + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        414,
        "uri_too_long");
    String bigHeader = "X-Big: " + "y".repeat(20_000) + "\r\n";
    assertJsonError(
        exchange(
            "GET /health/live HTTP/1.1\r\nHost: x\r\n" + bigHeader + "Connection: close\r\n\r\n"),
        431,
        "headers_too_large");
  }

  @Test
  void aRefusedRequestThatExpects100ContinueGetsTheRefusalNotAnInvitation() throws Exception {
    String unauthorised =
        "POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 16000000\r\nExpect: 100-continue\r\n\r\n";
    RawHttp.Response first = exchange(unauthorised);
    assertJsonError(first, 401, "unauthorized");

    String tooLarge =
        "POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer secret\r\n"
            + "Content-Type: application/json\r\nContent-Length: 16000000\r\n"
            + "Expect: 100-continue\r\n\r\n";
    assertJsonError(exchange(tooLarge), 413, "payload_too_large");

    String wrongType =
        "POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer secret\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 1000\r\n"
            + "Expect: 100-continue\r\n\r\n";
    assertJsonError(exchange(wrongType), 415, "unsupported_media_type");
  }

  @Test
  void aBodyTooLargeToDrainIsRefusedAtOnceNotAfterItArrives() throws Exception {
    // Refused by its length; the server reads and drops at most 16 MB of a refused body (so that
    // a client still sending sees the answer), and does not wait for 100 GB it would not read.
    String claimed =
        "POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer secret\r\n"
            + "Content-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n"
            + "{\"images\": [";
    RawHttp.Response reply = exchange(claimed);
    assertJsonError(reply, 413, "payload_too_large");
    assertThat(reply.header("Connection")).isEqualTo("close");
  }

  @Test
  void aClientThatSendsItsHeadersSlowlyIsDisconnected() throws Exception {
    String request = "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: " + "z".repeat(600);
    try (RawHttp http = new RawHttp(server.port(), 50)) {
      boolean closed = false;
      // One byte every 50 ms: 30 s in all if the server never gives up (the test then fails).
      for (int i = 0; i < request.length() && !closed; i++) {
        try {
          http.send(request.substring(i, i + 1));
        } catch (java.io.IOException e) {
          closed = true;
          break;
        }
        closed = http.closedByServer();
      }
      assertThat(closed).as("the server closed the slow connection").isTrue();
    }
    assertThat(slowClients("headers")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aClientThatSendsItsBodySlowlyIsDisconnected() throws Exception {
    // A "slow POST": the headers at once, then the body one byte every 50 ms (20 bytes a second,
    // under the 1 KB a second the server wants once the 500 ms header timeout has passed).
    String headers =
        "POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer secret\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n";
    try (RawHttp http = new RawHttp(server.port(), 50)) {
      http.send(headers);
      boolean closed = false;
      // 30 s in all if the server never gives up (the test then fails).
      for (int i = 0; i < 600 && !closed; i++) {
        try {
          http.send(i == 0 ? "{" : " ");
        } catch (java.io.IOException e) {
          closed = true;
          break;
        }
        closed = http.closedByServer();
      }
      assertThat(closed).as("the server closed the slow connection").isTrue();
    }
    // It answers everyone else meanwhile and after.
    RawHttp.Response live =
        exchange("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(live.status()).isEqualTo(200);
    assertThat(slowClients("body")).isGreaterThanOrEqualTo(1);
  }

  /** {@code siamese_slow_clients_total} of {@code phase}, as scraped. */
  private static double slowClients(String phase) throws Exception {
    String body =
        exchange(
                "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer secret\r\n"
                    + "Connection: close\r\n\r\n")
            .body();
    var m =
        java.util.regex.Pattern.compile(
                "(?m)^siamese_slow_clients_total\\{phase=\"" + phase + "\"\\} (\\S+)$")
            .matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void oddMethodsShareOneMetricsSeries() throws Exception {
    for (int i = 0; i < 20; i++) {
      exchange(
          "M"
              + "X".repeat(100)
              + i
              + " /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }
    RawHttp.Response metrics =
        exchange("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).doesNotContain("MXXXX").contains("method=\"other\"");
  }

  @Test
  void theFaviconIsNoContentAndNeedsNoKey() throws Exception {
    assertThat(
            exchange("GET /favicon.ico HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status())
        .isEqualTo(204);
  }
}
