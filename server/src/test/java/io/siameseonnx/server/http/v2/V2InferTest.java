package io.siameseonnx.server.http.v2;

import static io.siameseonnx.server.support.Http.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.siameseonnx.server.support.DirectOrt;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServedPair;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.V2Bodies;
import io.siameseonnx.shared.distance.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Inference over the protocol's JSON: both models, flat and nested data, ids, parameters. */
class V2InferTest {
  private static final String EMBED = "/v2/models/siamese-embedding/infer";

  @RegisterExtension static final ServedPair SERVED = new ServedPair(1);

  @Test
  void flatDataGivesOnnxRuntimesEmbeddingOfEachImageInABatchTensor() throws Exception {
    float[] first = Images.pixels(32, 32, 1);
    float[] second = Images.pixels(32, 32, 2);
    ServerFixture.http(
        SERVED.server(),
        http -> {
          Http.Reply reply =
              http.postJson(
                  EMBED, body("inputs", List.of(V2Bodies.floats("image", first, second))));
          assertThat(reply.status()).as(reply.body()).isEqualTo(200);
          assertThat(reply.header("Content-Type"))
              .hasValueSatisfying(t -> t.startsWith("application/json"));
          JsonNode json = reply.json();
          assertThat(json.get("model_name").asText()).isEqualTo("siamese-embedding");
          assertThat(json.get("model_version").asText()).isEqualTo("1");
          assertThat(json.has("id")).isFalse();
          JsonNode output = json.get("outputs").get(0);
          assertThat(output.get("name").asText()).isEqualTo("embedding");
          assertThat(output.get("datatype").asText()).isEqualTo("FP32");
          assertThat(output.get("shape").toString()).isEqualTo("[2,8]");
          float[] data = V2Bodies.data(output.get("data"));
          assertThat(java.util.Arrays.copyOfRange(data, 0, 8))
              .containsExactly(DirectOrt.embed(SERVED.embeddingModel(), first));
          assertThat(java.util.Arrays.copyOfRange(data, 8, 16))
              .containsExactly(DirectOrt.embed(SERVED.embeddingModel(), second));
        });
  }

  @Test
  void nestedDataGivesTheSameEmbeddingAsFlatData() {
    float[] image = Images.pixels(32, 32, 3);
    List<List<List<List<Float>>>> nested = new ArrayList<>();
    List<List<Float>> rows = new ArrayList<>();
    for (int y = 0; y < 32; y++) {
      List<Float> row = new ArrayList<>();
      for (int x = 0; x < 32; x++) {
        row.add(image[y * 32 + x]);
      }
      rows.add(row);
    }
    nested.add(List.of(rows));
    ServerFixture.http(
        SERVED.server(),
        http -> {
          JsonNode flat =
              http.postJson(EMBED, body("inputs", List.of(V2Bodies.floats("image", image)))).json();
          Http.Reply reply =
              http.postJson(
                  EMBED,
                  body(
                      "inputs",
                      List.of(V2Bodies.input("image", "FP32", V2Bodies.shape(1), nested))));
          assertThat(reply.status()).as(reply.body()).isEqualTo(200);
          assertThat(V2Bodies.data(reply.json().get("outputs").get(0).get("data")))
              .containsExactly(V2Bodies.data(flat.get("outputs").get(0).get("data")));
        });
  }

  @Test
  void theIdIsEchoedAndTheParametersArePassedThrough() {
    ServerFixture.http(
        SERVED.server(),
        http -> {
          Map<String, Object> parameters = Map.of("tenant", "a", "priority", 3, "trace", true);
          Http.Reply reply =
              http.postJson(
                  "/v2/models/siamese-embedding/versions/1/infer",
                  body(
                      "id",
                      "request-42",
                      "parameters",
                      parameters,
                      "inputs",
                      List.of(V2Bodies.floats("image", Images.pixels(32, 32, 4))),
                      "outputs",
                      List.of(Map.of("name", "embedding"))));
          assertThat(reply.status()).as(reply.body()).isEqualTo(200);
          JsonNode json = reply.json();
          assertThat(json.get("id").asText()).isEqualTo("request-42");
          assertThat(json.get("parameters").get("tenant").asText()).isEqualTo("a");
          assertThat(json.get("parameters").get("priority").asLong()).isEqualTo(3);
          assertThat(json.get("parameters").get("trace").asBoolean()).isTrue();
          assertThat(json.get("outputs")).hasSize(1);
          assertThat(json.get("outputs").get(0).get("data")).hasSize(8);
        });
  }

  @Test
  void theEncodedImageInputTakesBase64FilesAndPreprocessesThemAsTheCardSays() throws Exception {
    byte[] png = Images.png(48, 40, 5);
    float[] expected =
        DirectOrt.embed(
            SERVED.embeddingModel(),
            SERVED.server().slot().peek().orElseThrow().preprocessor().fromBytes(png));
    ServerFixture.http(
        SERVED.server(),
        http -> {
          Http.Reply reply = http.postJson(EMBED, body("inputs", List.of(V2Bodies.files(png))));
          assertThat(reply.status()).as(reply.body()).isEqualTo(200);
          assertThat(V2Bodies.data(reply.json().get("outputs").get(0).get("data")))
              .containsExactly(expected);
        });
  }

  @Test
  void theDistanceModelGivesTheDistanceOfEachPair() throws Exception {
    float[] a0 = Images.pixels(32, 32, 10);
    float[] a1 = Images.pixels(32, 32, 11);
    float[] b0 = Images.pixels(32, 32, 12);
    float[] b1 = a1;
    ServerFixture.http(
        SERVED.server(),
        http -> {
          var pairs =
              body(
                  "inputs",
                  List.of(V2Bodies.floats("image_a", a0, a1), V2Bodies.floats("image_b", b0, b1)));
          Http.Reply reply = http.postJson("/v2/models/siamese-distance/infer", pairs);
          assertThat(reply.status()).as(reply.body()).isEqualTo(200);
          JsonNode output = reply.json().get("outputs").get(0);
          assertThat(reply.json().get("model_name").asText()).isEqualTo("siamese-distance");
          assertThat(output.get("name").asText()).isEqualTo("distance");
          assertThat(output.get("shape").toString()).isEqualTo("[2]");
          float[] d = V2Bodies.data(output.get("data"));
          double expected =
              Metric.EUCLIDEAN.between(
                  DirectOrt.embed(SERVED.embeddingModel(), a0),
                  DirectOrt.embed(SERVED.embeddingModel(), b0));
          assertThat((double) d[0]).isCloseTo(expected, within(1e-5));
          assertThat((double) d[1]).isCloseTo(0.0, within(1e-5));
          Http.Reply versioned =
              http.postJson("/v2/models/siamese-distance/versions/1/infer", pairs);
          assertThat(versioned.status()).as(versioned.body()).isEqualTo(200);
          assertThat(versioned.json().get("model_version").asText()).isEqualTo("1");
          assertThat(V2Bodies.data(versioned.json().get("outputs").get(0).get("data")))
              .containsExactly(d);
        });
  }
}
