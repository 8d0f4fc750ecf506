package io.siameseonnx.server.http.v2;

import static io.siameseonnx.server.support.Http.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.batching.DynamicBatcher;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServedPair;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.server.support.V2Bodies;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad request gets the protocol's error shape, {@code {"error": "..."}}, with the status the
 * spec gives (400 for what is wrong with the request), and is refused before its claims are
 * allocated.
 */
class V2ErrorsTest {
  private static final TowerSpec TOWER = TestServers.PAIR_TOWER;
  private static final String EMBED = "/v2/models/siamese-embedding/infer";
  private static final String DISTANCE = "/v2/models/siamese-distance/infer";

  @RegisterExtension static final ServedPair SERVED = new ServedPair(1);

  /**
   * The reply is {@code status} with exactly {"error": message}, the message naming {@code what}.
   */
  static void assertV2Error(Http.Reply reply, int status, String what) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode json = reply.json();
    assertThat(json.size()).as(reply.body()).isEqualTo(1);
    assertThat(json.get("error").asText())
        .contains(what)
        .doesNotContain("\tat ", "Exception", "io.siameseonnx");
  }

  private static Map<String, Object> image(int n) {
    float[][] images = new float[n][];
    for (int i = 0; i < n; i++) {
      images[i] = Images.pixels(32, 32, i);
    }
    return V2Bodies.floats("image", images);
  }

  private static Map<String, Object> with(Map<String, Object> input, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(input);
    copy.put(key, value);
    return copy;
  }

  @Test
  void badTensorsAreRefusedNamingTheInput() {
    float[] nan = Images.pixels(32, 32, 1);
    nan[17] = Float.NaN;
    Map<Object, String> cases = new LinkedHashMap<>();
    cases.put(body("inputs", List.of(with(image(1), "datatype", "FP64"))), "datatype FP64");
    cases.put(body("inputs", List.of(with(image(1), "shape", List.of(1, 1, 16, 64)))), "shape");
    cases.put(
        body("inputs", List.of(with(image(1), "shape", List.of(2, 1, 32, 32)))), "takes 2048");
    cases.put(body("inputs", List.of(with(image(1), "shape", List.of(0, 1, 32, 32)))), "no image");
    cases.put(
        body("inputs", List.of(with(image(1), "data", List.of(List.of(1, 2), List.of(3))))),
        "ragged");
    cases.put(body("inputs", List.of(with(image(1), "data", List.of("x", "y")))), "holds strings");
    cases.put(body("inputs", List.of(with(image(1), "data", List.of(true)))), "a boolean");
    cases.put(body("inputs", List.of(with(image(1), "name", "picture"))), "has no input 'picture'");
    cases.put(
        body(
            "inputs",
            List.of(image(1), V2Bodies.input("image_bytes", "BYTES", List.of(1L), List.of("x")))),
        "not both");
    cases.put(body("inputs", List.of(image(1), image(1))), "more than once");
    cases.put(body("inputs", List.of()), "inputs");
    cases.put(body("id", 7, "inputs", List.of(image(1))), "\"id\" must be a string");
    cases.put(
        body("inputs", List.of(image(1)), "outputs", List.of(Map.of("name", "logits"))),
        "has no output 'logits'");
    cases.put(
        body("inputs", List.of(image(1)), "parameters", Map.of("nested", Map.of("x", 1))),
        "parameters.nested");
    cases.put(
        body(
            "inputs",
            List.of(V2Bodies.input("image_bytes", "BYTES", List.of(1L), List.of("not base64!")))),
        "base64");
    cases.put(body("inputs", List.of(V2Bodies.files(new byte[] {1, 2, 3}))), "image_bytes[0]");
    ServerFixture.http(
        SERVED.server(),
        http -> {
          cases.forEach((request, what) -> assertV2Error(http.postJson(EMBED, request), 400, what));
          assertV2Error(
              http.postRaw(
                      EMBED,
                      Map.of(),
                      V2Bodies.binary(
                              body(
                                  "inputs",
                                  List.of(
                                      V2Bodies.binaryInput(
                                          "image", "FP32", V2Bodies.shape(1), 4096))),
                              V2Bodies.littleEndian(nan))
                          .body())
                  .text(),
              400,
              "binary tensor data needs the Inference-Header-Content-Length header");
          V2Bodies.Binary withNan =
              V2Bodies.binary(
                  body(
                      "inputs",
                      List.of(V2Bodies.binaryInput("image", "FP32", V2Bodies.shape(1), 4096))),
                  V2Bodies.littleEndian(nan));
          assertV2Error(
              http.postRaw(EMBED, withNan.headers(), withNan.body()).text(),
              400,
              "image[0]: value 17 is NaN");
        });
  }

  @Test
  void theDistanceModelNeedsBothInputsWithTheSameBatch() {
    ServerFixture.http(
        SERVED.server(),
        http -> {
          Map<String, Object> a = V2Bodies.floats("image_a", Images.pixels(32, 32, 1));
          Map<String, Object> b2 =
              V2Bodies.floats("image_b", Images.pixels(32, 32, 2), Images.pixels(32, 32, 3));
          assertV2Error(
              http.postJson(DISTANCE, body("inputs", List.of(a))), 400, "'image_b' is required");
          assertV2Error(
              http.postJson(DISTANCE, body("inputs", List.of(a, b2))), 400, "holds 2 images");
        });
  }

  @Test
  void claimsBeyondTheLimitsAreRefusedBeforeTheyAreAllocated() {
    ServerFixture.http(
        SERVED.server(),
        http -> {
          // The limit is 32 images a request.
          Map<String, Object> claims33 = with(image(1), "shape", List.of(33, 1, 32, 32));
          assertV2Error(
              http.postJson(EMBED, body("inputs", List.of(claims33))), 400, "too many images: 33");
          Map<String, Object> huge = with(image(1), "shape", List.of(1L << 31, 1, 32, 32));
          assertV2Error(
              http.postJson(EMBED, body("inputs", List.of(huge))),
              400,
              "too many images: 2147483648");
          Map<String, Object> hugeBinary =
              V2Bodies.binaryInput("image", "FP32", List.of(1L << 31, 1L, 32L, 32L), 4096);
          V2Bodies.Binary claim =
              V2Bodies.binary(
                  body("inputs", List.of(hugeBinary)),
                  V2Bodies.littleEndian(Images.pixels(32, 32, 1)));
          assertV2Error(
              http.postRaw(EMBED, claim.headers(), claim.body()).text(), 400, "too many images");
          // Data beyond what any request may hold stops the reading, whatever the shape says.
          List<Float> tooMuch = new ArrayList<>(Collections.nCopies(33 * 1024, 0.5f));
          assertV2Error(
              http.postJson(EMBED, body("inputs", List.of(with(image(1), "data", tooMuch)))),
              400,
              "more numbers than a request may");
          List<String> manyFiles = Collections.nCopies(33, "AAAA");
          assertV2Error(
              http.postJson(
                  EMBED,
                  body(
                      "inputs",
                      List.of(V2Bodies.input("image_bytes", "BYTES", List.of(33L), manyFiles)))),
              400,
              "more strings than a request may");
        });
  }

  @Test
  void aBodyThatEndsBeforeItsContentLengthIsRefusedAndTheServerServesOn() {
    // The client declares 1,000 bytes, sends 10 and closes its side: the read must end (no hang,
    // no half-parsed request run), and the server goes on serving.
    ServerFixture.http(
        SERVED.server(),
        http -> {
          try (io.siameseonnx.server.support.RawHttp raw =
              new io.siameseonnx.server.support.RawHttp(
                  Integer.parseInt(http.base().substring(http.base().lastIndexOf(':') + 1)),
                  30_000)) {
            raw.send(
                "POST "
                    + EMBED
                    + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"inputs\":");
            raw.shutdownOutput();
            io.siameseonnx.server.support.RawHttp.Response cut = raw.readOrNull();
            if (cut != null) {
              assertThat(cut.status()).as(cut.body()).isEqualTo(400);
              assertThat(cut.body()).contains("\"error\"").doesNotContain("Exception");
            }
          }
          Http.Reply ok = http.postJson(EMBED, body("inputs", List.of(image(1))));
          assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        });
  }

  @Test
  void binaryDataWhoseSizesDoNotAddUpIsRefused() {
    byte[] png = Images.png(32, 32, 1);
    byte[] elements = V2Bodies.elements(png);
    ServerFixture.http(
        SERVED.server(),
        http -> {
          Map<String, Object> fp32 = V2Bodies.binaryInput("image", "FP32", V2Bodies.shape(1), 4096);
          byte[] data = V2Bodies.littleEndian(Images.pixels(32, 32, 1));
          V2Bodies.Binary tooShort = V2Bodies.binary(body("inputs", List.of(fp32)), new byte[100]);
          assertV2Error(post(http, tooShort), 400, "binary_data_size is 4096 but only 100");
          V2Bodies.Binary extra = V2Bodies.binary(body("inputs", List.of(fp32)), data, new byte[8]);
          assertV2Error(post(http, extra), 400, "add up to 4096");
          V2Bodies.Binary wrongSize =
              V2Bodies.binary(
                  body(
                      "inputs",
                      List.of(V2Bodies.binaryInput("image", "FP32", V2Bodies.shape(1), 4000))),
                  java.util.Arrays.copyOf(data, 4000));
          assertV2Error(post(http, wrongSize), 400, "takes 4096");
          V2Bodies.Binary negative =
              V2Bodies.binary(
                  body(
                      "inputs",
                      List.of(V2Bodies.binaryInput("image", "FP32", V2Bodies.shape(1), -1))),
                  data);
          assertV2Error(post(http, negative), 400, "non-negative");
          Map<String, Object> both = new LinkedHashMap<>(fp32);
          both.put("data", List.of(1));
          assertV2Error(
              post(http, V2Bodies.binary(body("inputs", List.of(both)), data)), 400, "both");

          // A BYTES element that claims more than is there.
          byte[] bogus = elements.clone();
          ByteBuffer.wrap(bogus).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0xFFFFFFF0);
          Map<String, Object> bytesInput =
              V2Bodies.binaryInput("image_bytes", "BYTES", List.of(1L), bogus.length);
          assertV2Error(
              post(http, V2Bodies.binary(body("inputs", List.of(bytesInput)), bogus)),
              400,
              "claims 4294967280 bytes");
          Map<String, Object> twoClaimed =
              V2Bodies.binaryInput("image_bytes", "BYTES", List.of(2L), elements.length);
          assertV2Error(
              post(http, V2Bodies.binary(body("inputs", List.of(twoClaimed)), elements)),
              400,
              "ends before element 1");

          // The header itself.
          V2Bodies.Binary fine = V2Bodies.binary(body("inputs", List.of(fp32)), data);
          for (String header : new String[] {"x", "-3", Integer.toString(fine.body().length + 1)}) {
            assertV2Error(
                http.postRaw(EMBED, Map.of("Inference-Header-Content-Length", header), fine.body())
                    .text(),
                400,
                "Inference-Header-Content-Length");
          }
          assertThat(post(http, fine).status()).isEqualTo(200);
        });
  }

  private static Http.Reply post(Http http, V2Bodies.Binary request) {
    return http.postRaw(EMBED, request.headers(), request.body()).text();
  }

  @Test
  void malformedBodiesAndUnsupportedEncodingsAreRefused() {
    ServerFixture.http(
        SERVED.server(),
        http -> {
          assertV2Error(
              http.post(
                  EMBED, "application/json", "{\"inputs\": [".getBytes(StandardCharsets.UTF_8)),
              400,
              "not valid JSON");
          assertV2Error(http.post(EMBED, "application/json", new byte[0]), 400, "empty");
          assertV2Error(
              http.post(EMBED, "application/json", "[1]".getBytes(StandardCharsets.UTF_8)),
              400,
              "JSON object");
          assertV2Error(
              http.post(EMBED, "application/json", "{}".getBytes(StandardCharsets.UTF_8)),
              400,
              "\"inputs\" is required");
          byte[] json = V2Bodies.json(body("inputs", List.of(image(1))));
          assertV2Error(
              http.postRaw(EMBED, Map.of("Content-Encoding", "compress"), json).text(),
              415,
              "Content-Encoding compress is not supported");
          // Any Content-Type is read as the protocol's JSON, as Triton does.
          assertThat(http.post(EMBED, "text/plain", json).status()).isEqualTo(200);
          assertThat(http.post(EMBED, null, json).status()).isEqualTo(200);
          byte[] large = new byte[2 * 1024 * 1024];
          assertV2Error(http.post(EMBED, "application/octet-stream", large), 413, "over the limit");
          assertV2Error(http.get(EMBED), 405, "not allowed");
          assertV2Error(
              http.postJson("/v2/models/nope/infer", body("inputs", List.of(image(1)))),
              404,
              "unknown model 'nope'");
          assertV2Error(
              http.postJson(
                  "/v2/models/siamese-embedding/versions/9/infer",
                  body("inputs", List.of(image(1)))),
              404,
              "version 9");
        });
  }

  @Test
  void aFullQueueIsA429WithRetryAdvice() {
    ServerFixture.http(
        SERVED.server(),
        http -> {
          try (DynamicBatcher.Ticket all = SERVED.server().batcher().admit(64)) {
            Http.Reply reply = http.postJson(EMBED, body("inputs", List.of(image(1))));
            assertV2Error(reply, 429, "queue is full");
            assertThat(reply.header("Retry-After")).contains("1");
          }
          assertThat(http.postJson(EMBED, body("inputs", List.of(image(1)))).status())
              .isEqualTo(200);
        });
  }

  @Test
  void apiKeysGuardEveryRouteButHealth(@TempDir Path keyed) throws Exception {
    new TestRepository(keyed).writePair(1, TOWER, TestModels.card(TOWER));
    try (SiameseServer guarded =
        TestServers.ready(TestServers.config(keyed).withApiKeys(Set.of("secret")))) {
      ServerFixture.http(
          guarded,
          http -> {
            for (Http.Reply reply :
                List.of(
                    http.get("/v2"),
                    http.get("/v2/models/siamese-embedding"),
                    http.get("/v2/models/siamese-embedding/ready"),
                    http.postJson(EMBED, body("inputs", List.of(image(1)))),
                    http.withBearer("wrong").postJson(EMBED, body("inputs", List.of(image(1)))))) {
              assertV2Error(reply, 401, "API key");
              assertThat(reply.header("WWW-Authenticate")).isPresent();
            }
            assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
            assertThat(http.get("/v2/health/ready").status()).isEqualTo(200);
            assertThat(
                    http.withBearer("secret")
                        .postJson(EMBED, body("inputs", List.of(image(1))))
                        .status())
                .isEqualTo(200);
          });
    }
  }
}
