package io.siameseonnx.server.http.v2;

import static io.siameseonnx.server.support.Http.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.RawHttp;
import io.siameseonnx.server.support.ServedPair;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.V2Bodies;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Triton's binary tensor data extension, in both directions, alone and mixed with JSON. */
class V2BinaryTest {
  private static final String EMBED = "/v2/models/siamese-embedding/infer";
  private static final String DISTANCE = "/v2/models/siamese-distance/infer";

  @RegisterExtension static final ServedPair SERVED = new ServedPair(1);

  private static float[] jsonEmbeddings(Http http, Object request) {
    Http.Reply reply = http.postJson(EMBED, request);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return V2Bodies.data(reply.json().get("outputs").get(0).get("data"));
  }

  @Test
  void binaryInputAndBinaryOutputGiveTheSameEmbeddingsAsJson() {
    float[] a = Images.pixels(32, 32, 1);
    float[] b = Images.pixels(32, 32, 2);
    ServerFixture.http(
        SERVED.server(),
        http -> {
          float[] expected =
              jsonEmbeddings(http, body("inputs", List.of(V2Bodies.floats("image", a, b))));
          V2Bodies.Binary request = V2Bodies.binaryEmbeddings(a, b);
          Http.Raw reply = http.postRaw(EMBED, request.headers(), request.body());
          assertThat(reply.status()).as(reply.text().body()).isEqualTo(200);
          assertThat(reply.header("Content-Type")).contains("application/octet-stream");
          V2Bodies.Answer answer = V2Bodies.answer(reply);
          JsonNode output = answer.json().get("outputs").get(0);
          assertThat(output.has("data")).isFalse();
          assertThat(output.get("shape").toString()).isEqualTo("[2,8]");
          assertThat(output.get("parameters").get("binary_data_size").asInt()).isEqualTo(64);
          assertThat(answer.floats()).containsExactly(expected);
        });
  }

  @Test
  void binaryDataOutputOnTheRequestAppliesUnlessAnOutputSaysOtherwise() {
    float[] image = Images.pixels(32, 32, 3);
    ServerFixture.http(
        SERVED.server(),
        http -> {
          Map<String, Object> input = V2Bodies.floats("image", image);
          Http.Raw all =
              http.postRaw(
                  EMBED,
                  Map.of(),
                  V2Bodies.json(
                      body(
                          "parameters",
                          Map.of("binary_data_output", true),
                          "inputs",
                          List.of(input))));
          assertThat(all.status()).isEqualTo(200);
          V2Bodies.Answer binary = V2Bodies.answer(all);
          assertThat(binary.floats()).hasSize(8);
          // The directive is the extension's own: it is not passed through.
          assertThat(binary.json().has("parameters")).isFalse();

          Http.Raw overridden =
              http.postRaw(
                  EMBED,
                  Map.of(),
                  V2Bodies.json(
                      body(
                          "parameters",
                          Map.of("binary_data_output", true),
                          "inputs",
                          List.of(input),
                          "outputs",
                          List.of(
                              Map.of(
                                  "name",
                                  "embedding",
                                  "parameters",
                                  Map.of("binary_data", false))))));
          assertThat(overridden.header("Inference-Header-Content-Length")).isEmpty();
          JsonNode json = overridden.text().json();
          assertThat(V2Bodies.data(json.get("outputs").get(0).get("data")))
              .containsExactly(binary.floats());
        });
  }

  @Test
  void binaryAndJsonInputsMixInOneRequest() {
    float[] a = Images.pixels(32, 32, 4);
    float[] b = Images.pixels(32, 32, 5);
    ServerFixture.http(
        SERVED.server(),
        http -> {
          Http.Reply json =
              http.postJson(
                  DISTANCE,
                  body(
                      "inputs",
                      List.of(V2Bodies.floats("image_a", a), V2Bodies.floats("image_b", b))));
          assertThat(json.status()).as(json.body()).isEqualTo(200);
          V2Bodies.Binary mixed =
              V2Bodies.binary(
                  body(
                      "inputs",
                      List.of(
                          V2Bodies.floats("image_a", a),
                          V2Bodies.binaryInput("image_b", "FP32", V2Bodies.shape(1), 4096))),
                  V2Bodies.littleEndian(b));
          Http.Raw reply = http.postRaw(DISTANCE, mixed.headers(), mixed.body());
          assertThat(reply.status()).as(reply.text().body()).isEqualTo(200);
          assertThat(V2Bodies.data(reply.text().json().get("outputs").get(0).get("data")))
              .containsExactly(V2Bodies.data(json.json().get("outputs").get(0).get("data")));
        });
  }

  @Test
  void encodedImagesTravelAsBinaryBytesElements() {
    byte[] first = Images.png(32, 32, 6);
    byte[] second = Images.png(40, 24, 7);
    ServerFixture.http(
        SERVED.server(),
        http -> {
          float[] expected =
              jsonEmbeddings(http, body("inputs", List.of(V2Bodies.files(first, second))));
          byte[] elements = V2Bodies.elements(first, second);
          V2Bodies.Binary request =
              V2Bodies.binary(
                  body(
                      "parameters",
                      Map.of("binary_data_output", true),
                      "inputs",
                      List.of(
                          V2Bodies.binaryInput(
                              "image_bytes", "BYTES", List.of(2L), elements.length))),
                  elements);
          Http.Raw reply = http.postRaw(EMBED, request.headers(), request.body());
          assertThat(reply.status()).as(reply.text().body()).isEqualTo(200);
          assertThat(V2Bodies.answer(reply).floats()).containsExactly(expected);
        });
  }

  @Test
  void aBodyThatEndsBeforeItsLengthIsRefusedWhateverItsSize() {
    // Below the preallocation limit the body is read straight into an array of its length; above,
    // it grows as bytes arrive. Both refuse a body that stops short.
    ServerFixture.http(
        SERVED.server(),
        http -> {
          int port = Integer.parseInt(http.base().substring(http.base().lastIndexOf(':') + 1));
          for (int declared : new int[] {4_096, 256 * 1024 + 1}) {
            String head =
                "POST "
                    + EMBED
                    + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                    + "Inference-Header-Content-Length: 15\r\nContent-Length: "
                    + declared
                    + "\r\n\r\n";
            try (RawHttp raw = new RawHttp(port, 10_000)) {
              raw.send(head + "{\"inputs\": []}").shutdownOutput();
              RawHttp.Response reply = raw.read();
              assertThat(reply.status()).as(reply.body()).isEqualTo(400);
              // Jetty reports the early end of stream ("Early EOF").
              assertThat(reply.body()).startsWith("{\"error\":\"request body cannot be read");
            }
          }
        });
  }
}
