package io.siameseonnx.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product from the outside: the trainer jar trains a tiny model into a temporary
 * repository, the server jar serves it as a separate process, HTTP calls over loopback get
 * embeddings and distances that match the trainer's own DJL forward pass, a new export is hot
 * reloaded, and SIGTERM stops the server cleanly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainServeCallStopIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path work;
  private Path models;
  private Path out;
  private Path samples;
  private Process server;
  private Path serverLog;
  private String base;
  private int grpcPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void trainAndServe(@TempDir Path tmp) throws Exception {
    work = tmp;
    models = work.resolve("models");
    out = work.resolve("run");
    samples = work.resolve("samples");
    Jars.Run train =
        Jars.trainer(
            work,
            "train",
            "--pretrain-epochs",
            "1",
            "--epochs",
            "2",
            "--out",
            out.toString(),
            "--model-repo",
            models.toString());
    assertThat(train.exitCode()).as(train.stderr()).isZero();
    Jars.Run sample = Jars.trainer(work, "samples", "--out", samples.toString(), "--count", "2");
    assertThat(sample.exitCode()).as(sample.stderr()).isZero();

    int port = Jars.freePort();
    grpcPort = Jars.freePort();
    base = "http://127.0.0.1:" + port;
    serverLog = work.resolve("server.log");
    server =
        new ProcessBuilder(
                Jars.java(),
                "-jar",
                Jars.serverJar().toString(),
                "--model-repo",
                models.toString(),
                "--port",
                Integer.toString(port),
                "--grpc-port",
                Integer.toString(grpcPort),
                "--host",
                "127.0.0.1",
                "--device",
                "cpu",
                "--reload-interval",
                "1s")
            .redirectErrorStream(true)
            .redirectOutput(serverLog.toFile())
            .start();
    waitUntilReady();
  }

  @AfterAll
  void stop() {
    if (server != null && server.isAlive()) {
      server.destroyForcibly();
    }
  }

  private void waitUntilReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("server exited during start-up:\n" + log());
      }
      try {
        HttpResponse<String> r = get("/health/ready");
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("server not ready after 120 s:\n" + log());
  }

  private String log() throws IOException {
    return Files.readString(serverLog, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String json)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String b64(Path file) throws IOException {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
  }

  @Test
  @Order(1)
  void theServersEmbeddingEqualsTheTrainersOwnForwardPass() throws Exception {
    Path image = samples.resolve("rect-1.png");
    HttpResponse<String> r = post("/v1/embeddings", "{\"images\": [\"" + b64(image) + "\"]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode served = JSON.readTree(r.body()).get("embeddings").get(0);

    Jars.Run embed =
        Jars.trainer(
            work,
            "embed",
            "--checkpoint",
            out.resolve("checkpoints/finetune").toString(),
            image.toString());
    assertThat(embed.exitCode()).as(embed.stderr()).isZero();
    JsonNode djl = JSON.readTree(embed.stdout().lines().findFirst().orElseThrow()).get("embedding");

    assertThat(served.size()).isEqualTo(djl.size()).isPositive();
    for (int i = 0; i < served.size(); i++) {
      assertThat(served.get(i).asDouble())
          .as("component %d", i)
          .isCloseTo(djl.get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  @Order(2)
  void thePairDistanceMatchesTheTrainersDistanceCommand() throws Exception {
    Path a = samples.resolve("rect-1.png");
    Path b = samples.resolve("plain-1.png");
    HttpResponse<String> r =
        post("/v1/distance", "{\"a\": \"" + b64(a) + "\", \"b\": \"" + b64(b) + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode served = JSON.readTree(r.body());

    Jars.Run cli =
        Jars.trainer(
            work,
            "distance",
            "--checkpoint",
            out.resolve("checkpoints/finetune").toString(),
            a.toString(),
            b.toString());
    assertThat(cli.exitCode()).as(cli.stderr()).isZero();
    JsonNode djl = JSON.readTree(cli.stdout());

    assertThat(served.get("distance").asDouble())
        .isCloseTo(djl.get("distance").asDouble(), org.assertj.core.data.Offset.offset(1e-5));
    assertThat(served.get("threshold").asDouble())
        .isCloseTo(djl.get("threshold").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(served.get("similar").asBoolean()).isEqualTo(djl.get("similar").asBoolean());
  }

  @Test
  @Order(3)
  void theOpenInferenceProtocolGivesTheEmbeddingOfV1AndGrpcListens() throws Exception {
    Path image = samples.resolve("rect-1.png");
    HttpResponse<String> v1 = post("/v1/embeddings", "{\"images\": [\"" + b64(image) + "\"]}");
    HttpResponse<String> v2 =
        post(
            "/v2/models/siamese-embedding/infer",
            "{\"inputs\": [{\"name\": \"image_bytes\", \"datatype\": \"BYTES\", \"shape\": [1],"
                + " \"data\": [\""
                + b64(image)
                + "\"]}]}");
    assertThat(v2.statusCode()).as(v2.body()).isEqualTo(200);
    JsonNode output = JSON.readTree(v2.body()).get("outputs").get(0);
    assertThat(output.get("data")).isEqualTo(JSON.readTree(v1.body()).get("embeddings").get(0));
    assertThat(log()).contains("gRPC (Open Inference Protocol) listening on 127.0.0.1:" + grpcPort);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", grpcPort)) {
      assertThat(socket.isConnected()).isTrue();
    }
  }

  @Test
  @Order(4)
  void badInputGetsAFourHundredWithTheErrorShape() throws Exception {
    // A PNG's signature and nothing more: a truncated image.
    HttpResponse<String> r = post("/v1/embeddings", "{\"images\": [\"iVBORw0KGgo=\"]}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("invalid_image");
    assertThat(JSON.readTree(r.body()).has("error")).as(r.body()).isTrue();
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  @Order(5)
  void aNewExportIsHotReloaded() throws Exception {
    Jars.Run export =
        Jars.trainer(
            work,
            "export",
            "--checkpoint",
            out.resolve("checkpoints/finetune").toString(),
            "--model-repo",
            models.toString());
    assertThat(export.exitCode()).as(export.stderr()).isZero();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String body = "";
    while (System.nanoTime() < deadline) {
      body = get("/v1/models").body();
      if (JSON.readTree(body).toString().contains("\"version\":2")) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("version 2 not served after 60 s: " + body + "\n" + log());
  }

  @Test
  @Order(6)
  void sigtermStopsTheServerCleanly() throws Exception {
    server.destroy(); // SIGTERM on Linux and macOS
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
    assertThat(server.exitValue()).as(log()).isIn(0, 143);
    assertThat(log()).doesNotContain("Exception in thread");
  }
}
