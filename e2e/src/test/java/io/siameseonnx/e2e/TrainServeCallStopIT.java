package io.siameseonnx.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
  private ServerJar server;

  @BeforeAll
  void trainAndServe(@TempDir Path tmp) throws Exception {
    work = tmp;
    models = work.resolve("models");
    out = work.resolve("run");
    Jars.trainerSucceeds(
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
    samples = Jars.samples(work);
    server = ServerJar.start(models, work.resolve("server.log"));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return server.get(path);
  }

  private HttpResponse<String> post(String path, String json)
      throws IOException, InterruptedException {
    return server.post(path, json);
  }

  private String log() throws IOException {
    return server.log();
  }

  private static String b64(Path file) throws IOException {
    return ServerJar.base64(file);
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
  void theOpenInferenceProtocolGivesTheEmbeddingOfV1OverHttpAndGrpc() throws Exception {
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
    assertThat(log())
        .contains("gRPC (Open Inference Protocol) listening on 127.0.0.1:" + server.grpcPort());
    // gRPC from Python's grpcio, the transport of tritonclient's gRPC mode.
    Path python = Path.of("/usr/bin/python3");
    boolean grpcio =
        Files.isExecutable(python)
            && new ProcessBuilder(python.toString(), "-c", "import grpc")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor()
                == 0;
    if (!grpcio) {
      assertThat(System.getenv("CI"))
          .as("CI=true and python3-grpcio is missing: .ci/run installs it")
          .isNotEqualToIgnoringCase("true");
      Assumptions.abort("skipped: needs " + python + " with python3-grpcio");
    }
    Process client =
        new ProcessBuilder(
                python.toString(),
                System.getProperty("grpcio.client"),
                Integer.toString(server.grpcPort()),
                "",
                image.toString())
            .redirectErrorStream(true)
            .start();
    String printed = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(client.waitFor()).as(printed).isZero();
    String[] infer =
        printed.lines().filter(l -> l.startsWith("infer ")).findFirst().orElseThrow().split(" ");
    assertThat(infer[2]).isEqualTo("embedding");
    JsonNode v1Embedding = JSON.readTree(v1.body()).get("embeddings").get(0);
    assertThat(infer.length - 4).isEqualTo(v1Embedding.size());
    for (int i = 0; i < v1Embedding.size(); i++) {
      assertThat(Float.parseFloat(infer[i + 4]))
          .as("element %d", i)
          .isEqualTo(Float.parseFloat(v1Embedding.get(i).asText()));
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
    JsonNode body = null;
    while (System.nanoTime() < deadline) {
      body = JSON.readTree(get("/v1/models").body());
      // The version served, not any 2 in the answer: a failed reload names its version too.
      if (body.path("version").asLong() == 2) {
        assertThat(
                body.path("last_reload_failure").isNull()
                    || body.path("last_reload_failure").isMissingNode())
            .as("no reload failure: %s", body)
            .isTrue();
        HttpResponse<String> after =
            post(
                "/v1/embeddings", "{\"images\": [\"" + b64(samples.resolve("rect-1.png")) + "\"]}");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        return;
      }
      assertThat(body.path("last_reload_failure").isObject())
          .as("the new export failed to load: %s", body)
          .isFalse();
      Thread.sleep(250);
    }
    throw new AssertionError("version 2 not served after 60 s: " + body + "\n" + log());
  }

  @Test
  @Order(6)
  void sigtermFinishesTheRequestInFlightThenStops() throws Exception {
    // A request the server has begun to handle (it asked for the body with 100 Continue) whose
    // body has not arrived when SIGTERM comes: only a graceful stop answers it.
    String body = "{\"images\": [\"" + b64(samples.resolve("rect-1.png")) + "\"]}";
    PipedOutputStream sink = new PipedOutputStream();
    PipedInputStream source = new PipedInputStream(sink, body.length());
    CountDownLatch bodyAskedFor = new CountDownLatch(1);
    CompletableFuture<HttpResponse<String>> inFlight =
        server.sendAsync(
            HttpRequest.newBuilder(URI.create(server.base() + "/v1/embeddings"))
                .timeout(Duration.ofSeconds(60))
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> {
                          bodyAskedFor.countDown();
                          return source;
                        }))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bodyAskedFor.await(30, TimeUnit.SECONDS))
        .as("the server asked for the body (100 Continue)")
        .isTrue();

    Process process = server.process();
    process.destroy(); // SIGTERM on Linux and macOS
    awaitLog("Shutting down: finishing in-flight requests", "the shutdown hook ran");
    assertThat(inFlight).as("answered only once its body is complete").isNotDone();

    sink.write(body.getBytes(StandardCharsets.US_ASCII));
    sink.close();
    HttpResponse<String> answered = inFlight.get(60, TimeUnit.SECONDS);
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(JSON.readTree(answered.body()).get("embeddings").size()).isEqualTo(1);

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
    assertThat(process.exitValue()).as(log()).isIn(0, 143);
    String log = log();
    assertThat(log).contains("Stopped").doesNotContain("Exception in thread");
    assertThat(log.indexOf("Stopped")).isGreaterThan(log.indexOf("Shutting down"));
  }

  private void awaitLog(String text, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!log().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": no \"" + text + "\" in the log after 30 s\n" + log());
      }
      Thread.sleep(50);
    }
  }
}
