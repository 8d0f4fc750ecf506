package io.siameseonnx.server.http.v1;

import static io.siameseonnx.server.support.Http.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.DirectOrt;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Http.Part;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistanceEndpointsTest {
  @TempDir static Path repo;
  static Path model;
  static SiameseServer server;

  @BeforeAll
  static void start() throws Exception {
    model = new TestRepository(repo).writeVersion(1);
    server = TestServers.ready(TestServers.config(repo));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static double expectedDistance(long seedA, long seedB) throws Exception {
    float[] a = DirectOrt.embed(model, Images.pixels(32, 32, seedA));
    float[] b = DirectOrt.embed(model, Images.pixels(32, 32, seedB));
    return Metric.EUCLIDEAN.between(a, b);
  }

  @Test
  void distanceIsTheCardMetricBetweenTheTwoEmbeddingsWithTheCardThreshold() throws Exception {
    double expected = expectedDistance(1, 2);
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply =
              http.postJson("/v1/distance", body("a", Images.tensor(1), "b", Images.tensor(2)));
          assertThat(reply.status()).isEqualTo(200);
          JsonNode json = reply.json();
          assertThat(json.get("distance").asDouble()).isCloseTo(expected, within(1e-9));
          assertThat(json.get("threshold").asDouble()).isEqualTo(0.5);
          assertThat(json.get("similar").asBoolean()).isEqualTo(expected < 0.5);
          assertThat(json.get("metric").asText()).isEqualTo("euclidean");
          assertThat(json.get("version").asInt()).isEqualTo(1);
        });
  }

  @Test
  void aThresholdInTheRequestDecidesTheVerdict() throws Exception {
    double distance = expectedDistance(3, 4);
    ServerFixture.http(
        server,
        http -> {
          JsonNode above =
              http.postJson(
                      "/v1/distance",
                      body("a", Images.tensor(3), "b", Images.tensor(4), "threshold", distance * 2))
                  .json();
          JsonNode below =
              http.postJson(
                      "/v1/distance",
                      body("a", Images.tensor(3), "b", Images.tensor(4), "threshold", distance / 2))
                  .json();
          assertThat(above.get("similar").asBoolean()).isTrue();
          assertThat(above.get("threshold").asDouble()).isEqualTo(distance * 2);
          assertThat(below.get("similar").asBoolean()).isFalse();
        });
  }

  @Test
  void anImageIsAtDistanceZeroFromItselfAndSimilar() {
    ServerFixture.http(
        server,
        http -> {
          JsonNode json =
              http.postJson(
                      "/v1/distance", body("a", Images.pngBase64(5), "b", Images.pngBase64(5)))
                  .json();
          assertThat(json.get("distance").asDouble()).isZero();
          assertThat(json.get("similar").asBoolean()).isTrue();
        });
  }

  @Test
  void distanceAcceptsMultipartPartsAAndB() throws Exception {
    byte[] a = Images.png(32, 32, 6);
    byte[] b = Images.png(32, 32, 7);
    ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessingSpec.defaults());
    double expected =
        Metric.EUCLIDEAN.between(
            DirectOrt.embed(model, preprocessor.fromBytes(a)),
            DirectOrt.embed(model, preprocessor.fromBytes(b)));
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply =
              http.postMultipart(
                  "/v1/distance",
                  List.of(Part.file("a", a), Part.file("b", b), Part.field("threshold", "2.5")));
          assertThat(reply.status()).isEqualTo(200);
          assertThat(reply.json().get("distance").asDouble()).isCloseTo(expected, within(1e-9));
          assertThat(reply.json().get("threshold").asDouble()).isEqualTo(2.5);
        });
  }

  @Test
  void distancesAnswersPairsInRequestOrder() throws Exception {
    double first = expectedDistance(1, 2);
    double second = expectedDistance(3, 3);
    double third = expectedDistance(4, 5);
    ServerFixture.http(
        server,
        http -> {
          JsonNode results =
              http.postJson(
                      "/v1/distances",
                      body(
                          "pairs",
                          List.of(
                              Map.of("a", Images.tensor(1), "b", Images.tensor(2)),
                              Map.of("a", Images.tensor(3), "b", Images.tensor(3)),
                              Map.of("a", Images.tensor(4), "b", Images.tensor(5)))))
                  .json()
                  .get("results");
          assertThat(results).hasSize(3);
          double[] expected = {first, second, third};
          for (int i = 0; i < 3; i++) {
            assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
            assertThat(results.get(i).get("distance").asDouble())
                .isCloseTo(expected[i], within(1e-9));
            assertThat(results.get(i).get("similar").asBoolean()).isEqualTo(expected[i] < 0.5);
          }
        });
  }

  @Test
  void distancesRanksCandidatesNearestFirstAndKeepsTopK() throws Exception {
    List<Object> candidates = new ArrayList<>();
    List<Double> distances = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      candidates.add(Images.tensor(20 + i));
      distances.add(expectedDistance(10, 20 + i));
    }
    candidates.add(Images.tensor(10));
    distances.add(0.0);
    ServerFixture.http(
        server,
        http -> {
          JsonNode all =
              http.postJson(
                      "/v1/distances", body("query", Images.tensor(10), "candidates", candidates))
                  .json()
                  .get("results");
          assertThat(all).hasSize(6);
          assertThat(all.get(0).get("index").asInt()).isEqualTo(5);
          assertThat(all.get(0).get("distance").asDouble()).isZero();
          for (int i = 0; i < all.size(); i++) {
            int index = all.get(i).get("index").asInt();
            assertThat(all.get(i).get("distance").asDouble())
                .isCloseTo(distances.get(index), within(1e-9));
            if (i > 0) {
              assertThat(all.get(i).get("distance").asDouble())
                  .isGreaterThanOrEqualTo(all.get(i - 1).get("distance").asDouble());
            }
          }
          JsonNode top =
              http.postJson(
                      "/v1/distances",
                      body("query", Images.tensor(10), "candidates", candidates, "top_k", 2))
                  .json()
                  .get("results");
          assertThat(top).hasSize(2);
          assertThat(top.get(0)).isEqualTo(all.get(0));
          assertThat(top.get(1)).isEqualTo(all.get(1));
        });
  }

  @Test
  void distancesAcceptsMultipartPairsAndQueries() {
    byte[] a = Images.png(32, 32, 30);
    byte[] b = Images.png(32, 32, 31);
    ServerFixture.http(
        server,
        http -> {
          Http.Reply pairs =
              http.postMultipart(
                  "/v1/distances",
                  List.of(
                      Part.file("a", a), Part.file("b", b), Part.file("a", a), Part.file("b", a)));
          assertThat(pairs.status()).isEqualTo(200);
          assertThat(pairs.json().get("results")).hasSize(2);
          assertThat(pairs.json().get("results").get(1).get("distance").asDouble()).isZero();
          Http.Reply query =
              http.postMultipart(
                  "/v1/distances",
                  List.of(
                      Part.file("query", a),
                      Part.file("candidates", b),
                      Part.file("candidates", a),
                      Part.field("top_k", "1")));
          assertThat(query.status()).isEqualTo(200);
          assertThat(query.json().get("results")).hasSize(1);
          assertThat(query.json().get("results").get(0).get("index").asInt()).isEqualTo(1);
        });
  }
}
