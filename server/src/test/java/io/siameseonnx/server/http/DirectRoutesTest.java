package io.siameseonnx.server.http;

import static io.siameseonnx.server.support.Http.body;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.server.support.V2Bodies;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The inference routes' plain requests are served on Jetty's core API ({@link DirectRoutes}), every
 * other one by Javalin, and the two give the same answers: the same status, headers and bytes, for
 * results and for every kind of error, in each protocol's shape.
 */
class DirectRoutesTest {
  private static final TowerSpec TOWER = TestModels.linearTower(32);
  private static final String V1 = "/v1/embeddings";
  private static final String V2 = "/v2/models/siamese-embedding/infer";
  private static final String DISTANCE = "/v1/distance";
  private static final String DISTANCES = "/v1/distances";
  private static final String KEY = "direct-key";

  @TempDir static Path repo;
  static SiameseServer server;

  private Logger logger;
  private Level level;
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  @BeforeAll
  static void start() throws Exception {
    new TestRepository(repo).writePair(1, TOWER, TestModels.card(TOWER));
    server = TestServers.ready(TestServers.config(repo).withApiKeys(Set.of(KEY)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void watch() {
    logger = (Logger) LoggerFactory.getLogger(DirectRoutes.class);
    level = logger.getLevel();
    logger.setLevel(Level.TRACE);
    events.start();
    logger.addAppender(events);
  }

  @AfterEach
  void unwatch() {
    logger.detachAppender(events);
    logger.setLevel(level);
  }

  private record Case(String name, String path, Map<String, String> headers, byte[] body) {}

  private static Case json(String name, String path, Object body) {
    return new Case(name, path, Map.of("Content-Type", "application/json"), V2Bodies.json(body));
  }

  private static Case text(String name, String path, String body) {
    return new Case(
        name,
        path,
        Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static Case gzipAccepted(Case c) {
    Map<String, String> headers = new HashMap<>(c.headers());
    headers.put("Accept-Encoding", "gzip, deflate");
    return new Case(c.name(), c.path(), headers, c.body());
  }

  private static List<Case> cases() {
    float[] a = Images.pixels(32, 32, 1);
    float[] b = Images.pixels(32, 32, 2);
    V2Bodies.Binary binary = V2Bodies.binaryEmbeddings(a, b);
    List<Case> cases = new ArrayList<>();
    cases.add(json("v1 tensor", V1, body("images", List.of(Images.tensor(1)))));
    cases.add(
        json("v1 PNGs", V1, body("images", List.of(Images.pngBase64(1), Images.pngBase64(2)))));
    cases.add(text("v1 cut-off JSON", V1, "{\"images\": [[[0.5, 0.2"));
    cases.add(text("v1 not an array", V1, "{\"images\": 5}"));
    cases.add(json("v1 not an image", V1, body("images", List.of("bm90IGFuIGltYWdl"))));
    cases.add(json("v1 no images", V1, body("images", List.of())));
    cases.add(
        json(
            "v1 distance",
            DISTANCE,
            body("a", Images.pngBase64(1), "b", Images.tensor(2), "threshold", 0.5)));
    cases.add(json("v1 distance without b", DISTANCE, body("a", Images.pngBase64(1))));
    cases.add(
        json(
            "v1 distances, pairs",
            DISTANCES,
            body(
                "pairs",
                List.of(
                    body("a", Images.pngBase64(1), "b", Images.pngBase64(2)),
                    body("a", Images.tensor(3), "b", Images.tensor(1))))));
    cases.add(
        json(
            "v1 distances, query",
            DISTANCES,
            body(
                "query",
                Images.pngBase64(1),
                "candidates",
                List.of(Images.pngBase64(2), Images.pngBase64(3)),
                "top_k",
                1)));
    cases.add(
        json(
            "v1 distances, pairs and query",
            DISTANCES,
            body("pairs", List.of(), "query", Images.pngBase64(1))));
    cases.add(json("v2 JSON", V2, body("inputs", List.of(V2Bodies.floats("image", a, b)))));
    cases.add(new Case("v2 binary", V2, binary.headers(), binary.body()));
    cases.add(
        json(
            "v2 version 1",
            "/v2/models/siamese-embedding/versions/1/infer",
            body("inputs", List.of(V2Bodies.floats("image", a)))));
    cases.add(
        json(
            "v2 distance",
            "/v2/models/siamese-distance/infer",
            body("inputs", List.of(V2Bodies.floats("image_a", a), V2Bodies.floats("image_b", b)))));
    cases.add(
        json(
            "v2 unknown model",
            "/v2/models/nope/infer",
            body("inputs", List.of(V2Bodies.floats("image", a)))));
    cases.add(
        json(
            "v2 unknown version",
            "/v2/models/siamese-embedding/versions/7/infer",
            body("inputs", List.of(V2Bodies.floats("image", a)))));
    cases.add(
        json(
            "v2 wrong datatype",
            V2,
            body(
                "inputs",
                List.of(V2Bodies.input("image", "INT8", V2Bodies.shape(1), List.of(1, 2))))));
    Map<String, String> badLength = new HashMap<>(binary.headers());
    badLength.put("Inference-Header-Content-Length", "999999");
    cases.add(new Case("v2 header length past the body", V2, badLength, binary.body()));
    cases.add(text("v2 not JSON", V2, "inputs"));
    cases.add(text("v2 no inputs", V2, "{\"inputs\": []}"));
    cases.add(json("v2 unknown input", V2, body("inputs", List.of(V2Bodies.floats("picture", a)))));
    // Answers long enough to compress, for a client that accepts gzip (as Python's requests does).
    float[][] many = new float[30][];
    List<Object> tensors = new ArrayList<>();
    for (int i = 0; i < many.length; i++) {
      many[i] = Images.pixels(32, 32, i);
      tensors.add(Images.tensor(i));
    }
    cases.add(gzipAccepted(json("v1 30 tensors, gzip", V1, body("images", tensors))));
    cases.add(
        gzipAccepted(
            json(
                "v2 30 images, gzip",
                V2,
                body("inputs", List.of(V2Bodies.floats("image", many))))));
    V2Bodies.Binary manyBinary = V2Bodies.binaryEmbeddings(many);
    cases.add(
        gzipAccepted(new Case("v2 binary, gzip", V2, manyBinary.headers(), manyBinary.body())));
    return cases;
  }

  @Test
  void plainRequestsAreServedDirectlyWithTheAnswersJavalinGives() {
    ServerFixture.http(
        server,
        plain -> {
          Http http = plain.withBearer(KEY);
          for (Case c : cases()) {
            events.list.clear();
            Http.Raw direct = http.postRaw(c.path(), c.headers(), c.body());
            assertThat(servedDirectly()).as(c.name() + " served directly").isTrue();
            events.list.clear();
            // A body of unknown length goes to Javalin.
            Http.Raw javalin = http.postRawChunked(c.path(), c.headers(), c.body());
            assertThat(servedDirectly()).as(c.name() + " served by Javalin").isFalse();

            assertThat(direct.status()).as(c.name()).isEqualTo(javalin.status());
            for (String header :
                List.of(
                    "Content-Type",
                    "Content-Encoding",
                    "Inference-Header-Content-Length",
                    "Retry-After")) {
              assertThat(direct.header(header))
                  .as(c.name() + " " + header)
                  .isEqualTo(javalin.header(header));
            }
            if (c.headers().containsKey("Accept-Encoding")) {
              // JSON answers go compressed; tensor bytes as they are.
              assertThat(direct.header("Content-Encoding"))
                  .as(c.name())
                  .isEqualTo(c.name().contains("binary") ? Optional.empty() : Optional.of("gzip"));
            }
            assertThat(new String(direct.body(), StandardCharsets.ISO_8859_1))
                .as(c.name())
                .isEqualTo(new String(javalin.body(), StandardCharsets.ISO_8859_1));
          }
        });
  }

  @Test
  void aClientThatAcceptsGzipIsServedDirectlyWithTheSameAnswerCompressed() throws IOException {
    List<Object> tensors = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      tensors.add(Images.tensor(i));
    }
    byte[] request = V2Bodies.json(body("images", tensors));
    ServerFixture.http(
        server,
        plain -> {
          Http http = plain.withBearer(KEY);
          Http.Raw identity = http.postRaw(V1, Map.of("Content-Type", "application/json"), request);
          assertThat(identity.status()).isEqualTo(200);
          assertThat(identity.header("Content-Encoding")).isEmpty();
          events.list.clear();
          // What Python's requests sends.
          Http.Raw gzipped =
              http.postRaw(
                  V1,
                  Map.of("Content-Type", "application/json", "Accept-Encoding", "gzip, deflate"),
                  request);
          assertThat(servedDirectly()).isTrue();
          assertThat(gzipped.header("Content-Encoding")).contains("gzip");
          assertThat(gzipped.body().length).isLessThan(identity.body().length);
          try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(identity.body());
          }
          // A weight of 0 refuses gzip.
          Http.Raw refused =
              http.postRaw(
                  V1,
                  Map.of("Content-Type", "application/json", "Accept-Encoding", "gzip;q=0"),
                  request);
          assertThat(refused.header("Content-Encoding")).isEmpty();
          assertThat(refused.body()).isEqualTo(identity.body());
        });
  }

  @Test
  void requestsThatNeedJavalinGoThereAndAreAnsweredAsBefore() {
    byte[] tensor = V2Bodies.json(body("images", List.of(Images.tensor(1))));
    ServerFixture.http(
        server,
        plain -> {
          Http http = plain.withBearer(KEY);
          // No API key: refused by Javalin's auth.
          events.list.clear();
          Http.Raw refused = plain.postRaw(V1, Map.of("Content-Type", "application/json"), tensor);
          assertThat(refused.status()).isEqualTo(401);
          assertThat(refused.header("WWW-Authenticate")).isPresent();
          // A form: only Javalin reads those.
          Http.Reply form =
              http.postMultipart(V1, List.of(Http.Part.file("images", Images.png(32, 32, 1))));
          assertThat(form.status()).as(form.body()).isEqualTo(200);
          // A compressed body: inflated on Javalin's route.
          Http.Raw gzipped =
              http.postRaw(
                  V2,
                  Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
                  Compression.gzip(
                      V2Bodies.json(
                          body(
                              "inputs",
                              List.of(V2Bodies.floats("image", Images.pixels(32, 32, 1)))))));
          assertThat(gzipped.status()).as(gzipped.text().body()).isEqualTo(200);
          // A path with a trailing slash, and one with a character to decode.
          assertThat(
                  http.postRaw(V1 + "/", Map.of("Content-Type", "application/json"), tensor)
                      .status())
              .isEqualTo(200);
          assertThat(servedDirectly()).isFalse();
          // A body without a length (chunked), and one sent after 100 Continue.
          HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
          for (boolean expectContinue : new boolean[] {false, true}) {
            events.list.clear();
            HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(plain.base() + V1))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + KEY)
                    .timeout(Duration.ofSeconds(30))
                    .expectContinue(expectContinue);
            request.POST(
                expectContinue
                    ? HttpRequest.BodyPublishers.ofByteArray(tensor)
                    : HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(tensor)));
            HttpResponse<String> reply =
                client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(servedDirectly()).as("expect continue: " + expectContinue).isFalse();
          }
        });
  }

  @Test
  void aBodyRefusedEarlyIsStillReadSoThatTheClientSendingItGetsTheAnswer() {
    // 450 KB of empty images: refused as too many a few hundred bytes in.
    byte[] body =
        ("{\"images\": [" + String.join(",", Collections.nCopies(150_000, "\"\"")) + "]}")
            .getBytes(StandardCharsets.US_ASCII);
    int first = 64 * 1024;
    ServerFixture.http(
        server,
        plain -> {
          int port = URI.create(plain.base()).getPort();
          for (boolean chunked : new boolean[] {false, true}) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
              socket.setSoTimeout(20_000);
              OutputStream out = socket.getOutputStream();
              out.write(
                  ("POST "
                          + V1
                          + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                          + KEY
                          + "\r\nContent-Type: application/json\r\n"
                          + (chunked
                              ? "Transfer-Encoding: chunked\r\n"
                              : "Content-Length: " + body.length + "\r\n")
                          + "\r\n")
                      .getBytes(StandardCharsets.US_ASCII));
              writePart(out, body, 0, first, chunked);
              // The server refuses the body meanwhile; the rest must still be read, not reset.
              Thread.sleep(300);
              writePart(out, body, first, body.length - first, chunked);
              if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
              }
              out.flush();
              String status =
                  new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
              assertThat(status).as(chunked ? "Javalin" : "direct").isEqualTo("HTTP/1.1 422");
            }
          }
        });
  }

  /** Writes part of a body, as a chunk when the body is sent chunked. */
  private static void writePart(
      OutputStream out, byte[] body, int from, int length, boolean chunked) throws IOException {
    if (chunked) {
      out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    out.write(body, from, length);
    if (chunked) {
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.flush();
  }

  @Test
  void requestsServedDirectlyAreCountedUnderTheirRoutes() {
    float[] a = Images.pixels(32, 32, 1);
    String series =
        "http_server_requests_seconds_count{method=\"POST\","
            + "route=\"/v2/models/{model}/versions/{version}/infer\",status=\"200\"} ";
    ServerFixture.http(
        server,
        plain -> {
          Http http = plain.withBearer(KEY);
          double before = count(http, series);
          Http.Raw reply =
              http.postRaw(
                  "/v2/models/siamese-embedding/versions/1/infer",
                  Map.of("Content-Type", "application/json"),
                  V2Bodies.json(body("inputs", List.of(V2Bodies.floats("image", a)))));
          assertThat(reply.status()).isEqualTo(200);
          assertThat(servedDirectly()).isTrue();
          assertThat(count(http, series)).isEqualTo(before + 1);
        });
  }

  /** A series' value in the metrics, 0 when absent. */
  private static double count(Http http, String series) {
    return http.get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith(series))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length())))
        .findFirst()
        .orElse(0);
  }

  private boolean servedDirectly() {
    return events.list.stream().anyMatch(e -> e.getFormattedMessage().contains("served directly"));
  }
}
