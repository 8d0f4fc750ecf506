package io.siameseonnx.server.http.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.ServedPair;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The protocol's server and model routes, for both models of the repository. */
class V2MetadataAndHealthTest {
  private static final TowerSpec TOWER = TestServers.PAIR_TOWER;

  @RegisterExtension static final ServedPair SERVED = new ServedPair(3);

  @Test
  void theServerDescribesItselfAndItsBinaryExtension() {
    ServerFixture.http(
        SERVED.server(),
        http -> {
          JsonNode json = http.get("/v2").json();
          assertThat(json.get("name").asText()).isEqualTo("siamese-onnx");
          assertThat(json.get("version").asText()).isNotBlank();
          assertThat(json.get("extensions").get(0).asText()).isEqualTo("binary_tensor_data");
        });
  }

  @Test
  void liveAndReadyAnswerTrueOnceEveryModelIsWarm() {
    ServerFixture.http(
        SERVED.server(),
        http -> {
          Http.Reply live = http.get("/v2/health/live");
          assertThat(live.status()).isEqualTo(200);
          assertThat(live.json().get("live").asBoolean()).isTrue();
          Http.Reply ready = http.get("/v2/health/ready");
          assertThat(ready.status()).isEqualTo(200);
          assertThat(ready.json().get("ready").asBoolean()).isTrue();
        });
  }

  @Test
  void theEmbeddingModelListsItsImageInputTheEncodedImageInputAndItsEmbedding() {
    ServerFixture.http(
        SERVED.server(),
        http -> {
          for (String path :
              new String[] {
                "/v2/models/siamese-embedding", "/v2/models/siamese-embedding/versions/3"
              }) {
            Http.Reply reply = http.get(path);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode json = reply.json();
            assertThat(json.get("name").asText()).isEqualTo("siamese-embedding");
            assertThat(json.get("versions").toString()).isEqualTo("[\"3\"]");
            assertThat(json.get("platform").asText()).isEqualTo("onnx_onnxv1");
            assertThat(json.get("inputs").toString())
                .isEqualTo(
                    "[{\"name\":\"image\",\"datatype\":\"FP32\",\"shape\":[-1,1,32,32]},"
                        + "{\"name\":\"image_bytes\",\"datatype\":\"BYTES\",\"shape\":[-1]}]");
            assertThat(json.get("outputs").toString())
                .isEqualTo("[{\"name\":\"embedding\",\"datatype\":\"FP32\",\"shape\":[-1,8]}]");
          }
        });
  }

  @Test
  void theDistanceModelListsItsTwoImageInputsAndItsDistance() {
    ServerFixture.http(
        SERVED.server(),
        http -> {
          JsonNode json = http.get("/v2/models/siamese-distance").json();
          assertThat(json.get("inputs").toString())
              .isEqualTo(
                  "[{\"name\":\"image_a\",\"datatype\":\"FP32\",\"shape\":[-1,1,32,32]},"
                      + "{\"name\":\"image_b\",\"datatype\":\"FP32\",\"shape\":[-1,1,32,32]}]");
          assertThat(json.get("outputs").toString())
              .isEqualTo("[{\"name\":\"distance\",\"datatype\":\"FP32\",\"shape\":[-1]}]");
          assertThat(json.get("versions").toString()).isEqualTo("[\"3\"]");
          Http.Reply versioned = http.get("/v2/models/siamese-distance/versions/3");
          assertThat(versioned.status()).as(versioned.body()).isEqualTo(200);
          assertThat(versioned.json()).isEqualTo(json);
        });
  }

  @Test
  void eachModelIsReadyWithAndWithoutItsVersion() {
    ServerFixture.http(
        SERVED.server(),
        http -> {
          for (String model : new String[] {"siamese-embedding", "siamese-distance"}) {
            for (String path :
                new String[] {
                  "/v2/models/" + model + "/ready", "/v2/models/" + model + "/versions/3/ready"
                }) {
              Http.Reply reply = http.get(path);
              assertThat(reply.status()).as(path).isEqualTo(200);
              assertThat(reply.json().get("name").asText()).isEqualTo(model);
              assertThat(reply.json().get("ready").asBoolean()).isTrue();
            }
          }
        });
  }

  @Test
  void anUnknownModelOrVersionIsNotFoundInTheProtocolsErrorShape() {
    ServerFixture.http(
        SERVED.server(),
        http -> {
          for (String path :
              new String[] {
                "/v2/models/nope",
                "/v2/models/nope/ready",
                "/v2/models/siamese-embedding/versions/2",
                "/v2/models/siamese-distance/versions/4/ready",
                "/v2/models/siamese-embedding/versions/latest"
              }) {
            Http.Reply reply = http.get(path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.json().size()).isEqualTo(1);
            assertThat(reply.json().get("error").asText()).as(path).isNotBlank();
          }
          assertThat(
                  http.get("/v2/models/siamese-embedding/versions/2").json().get("error").asText())
              .isEqualTo(
                  "version 2 of model 'siamese-embedding' is not served; it serves version 3");
          assertThat(http.get("/v2/nowhere").json().get("error").asText())
              .isEqualTo("no route GET /v2/nowhere");
        });
  }

  @Test
  void readinessIs503WhileAModelIsNotWarmYet(@TempDir Path other) throws Exception {
    new TestRepository(other).writePair(1, TOWER, TestModels.card(TOWER));
    try (SiameseServer cold = SiameseServer.create(TestServers.config(other))) {
      cold.loadModel();
      ServerFixture.http(
          cold,
          http -> {
            Http.Reply ready = http.get("/v2/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("error").asText()).isNotBlank();
            assertThat(ready.header("Retry-After")).contains("1");
            assertThat(http.get("/v2/models/siamese-distance/ready").status()).isEqualTo(503);
            assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
            // Metadata needs the model loaded, not warm.
            assertThat(http.get("/v2/models/siamese-distance").status()).isEqualTo(200);
          });
    }
  }
}
