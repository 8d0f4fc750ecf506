package io.siameseonnx.server.http.v1;

import static io.siameseonnx.server.support.Http.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.Compressed;
import io.siameseonnx.server.support.DirectOrt;
import io.siameseonnx.server.support.ErrorAssertions;
import io.siameseonnx.server.support.Floats;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Http.Part;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.server.support.V2Bodies;
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

class EmbeddingsEndpointTest {
  @TempDir static Path repo;
  static Path model;
  static SiameseServer server;
  static final ImagePreprocessor PREPROCESSOR = new ImagePreprocessor(PreprocessingSpec.defaults());

  @BeforeAll
  static void start() throws Exception {
    model = new TestRepository(repo).writeVersion(1);
    server = TestServers.ready(TestServers.config(repo));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void embeddingOfAPngEqualsOnnxRuntimeOnThePreprocessorOutput() throws Exception {
    byte[] png = Images.png(48, 40, 3);
    float[] expected = DirectOrt.embed(model, PREPROCESSOR.fromBytes(png));
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply =
              http.postJson(
                  "/v1/embeddings",
                  body(
                      "images",
                      List.of(java.util.Base64.getEncoder().encodeToString(png)),
                      "encoding",
                      "base64"));
          assertThat(reply.status()).isEqualTo(200);
          assertThat(Floats.fromBase64(reply.json().get("embeddings").get(0).asText()))
              .containsExactly(expected);
        });
  }

  @Test
  void compressedJsonBodiesAreInflatedAsTheyAreReadWithinTheLimit() throws Exception {
    float[] tensor = Images.pixels(32, 32, 9);
    byte[] json =
        V2Bodies.json(
            body(
                "images",
                List.of(Map.of("tensor", tensor, "shape", new int[] {1, 32, 32})),
                "encoding",
                "base64"));
    float[] expected = DirectOrt.embed(model, tensor);
    Map<String, String> gzip =
        Map.of("Content-Type", "application/json", "Content-Encoding", "gzip");
    ServerFixture.http(
        server,
        http -> {
          for (Map.Entry<String, byte[]> sent :
              Map.of(
                      "gzip", Compressed.gzip(json),
                      "deflate", Compressed.deflate(json, false),
                      "DEFLATE", Compressed.deflate(json, true))
                  .entrySet()) {
            Http.Reply reply =
                http.postRaw(
                        "/v1/embeddings",
                        Map.of(
                            "Content-Type", "application/json", "Content-Encoding", sent.getKey()),
                        sent.getValue())
                    .text();
            assertThat(reply.status()).as(sent.getKey() + " " + reply.body()).isEqualTo(200);
            assertThat(Floats.fromBase64(reply.json().get("embeddings").get(0).asText()))
                .containsExactly(expected);
          }
          // A JSON object opening into 64 MB of white space against the 1 MB limit: counted as it
          // inflates (zeros would stop the parser at once, as any other bytes that are not JSON).
          ErrorAssertions.assertError(
              http.postRaw(
                      "/v1/embeddings",
                      gzip,
                      Compressed.gzipOf(new byte[] {'{'}, (byte) ' ', 64L << 20))
                  .text(),
              413,
              "payload_too_large");
          ErrorAssertions.assertError(
              http.postRaw("/v1/embeddings", gzip, Compressed.gzipOfZeros(64L << 20)).text(),
              400,
              "invalid_json");
          ErrorAssertions.assertError(
              http.postRaw("/v1/embeddings", gzip, json).text(), 400, "invalid_json");
          ErrorAssertions.assertError(
              http.postRaw(
                      "/v1/embeddings",
                      Map.of("Content-Type", "application/json", "Content-Encoding", "br"),
                      json)
                  .text(),
              415,
              "unsupported_media_type");
          ErrorAssertions.assertError(
              http.postRaw(
                      "/v1/embeddings",
                      Map.of(
                          "Content-Type",
                          "multipart/form-data; boundary=x",
                          "Content-Encoding",
                          "gzip"),
                      Compressed.gzip(json))
                  .text(),
              415,
              "unsupported_media_type");
        });
  }

  @Test
  void embeddingOfATensorEqualsOnnxRuntimeOnTheSameTensor() throws Exception {
    float[] tensor = Images.pixels(32, 32, 5);
    float[] expected = DirectOrt.embed(model, tensor);
    ServerFixture.http(
        server,
        http -> {
          JsonNode json =
              http.postJson(
                      "/v1/embeddings",
                      body(
                          "images",
                          List.of(Map.of("tensor", tensor, "shape", new int[] {1, 32, 32})),
                          "encoding",
                          "base64"))
                  .json();
          assertThat(Floats.fromBase64(json.get("embeddings").get(0).asText()))
              .containsExactly(expected);
        });
  }

  @Test
  void answersWithModelVersionDimensionAndOneFloatEmbeddingPerImageInOrder() throws Exception {
    float[] first = DirectOrt.embed(model, Images.pixels(32, 32, 1));
    float[] second = DirectOrt.embed(model, PREPROCESSOR.fromBytes(Images.png(32, 32, 2)));
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply =
              http.postJson(
                  "/v1/embeddings", body("images", List.of(Images.tensor(1), Images.pngBase64(2))));
          assertThat(reply.status()).isEqualTo(200);
          assertThat(reply.header("Content-Type"))
              .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
          JsonNode json = reply.json();
          assertThat(json.get("model").asText()).isEqualTo("siamese-embedding");
          assertThat(json.get("version").asInt()).isEqualTo(1);
          assertThat(json.get("dimension").asInt()).isEqualTo(TestRepository.DIMENSION);
          assertThat(json.get("encoding").asText()).isEqualTo("float");
          assertThat(json.get("embeddings")).hasSize(2);
          assertThat(Http.floats(json.get("embeddings").get(0))).containsExactly(first);
          assertThat(Http.floats(json.get("embeddings").get(1))).containsExactly(second);
        });
  }

  @Test
  void acceptsNestedTensorsAndShapesWithALeadingBatchOfOne() throws Exception {
    float[] flat = Images.pixels(32, 32, 9);
    float[][][] nested = new float[1][32][32];
    for (int y = 0; y < 32; y++) {
      System.arraycopy(flat, y * 32, nested[0][y], 0, 32);
    }
    float[] expected = DirectOrt.embed(model, flat);
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply =
              http.postJson(
                  "/v1/embeddings",
                  body(
                      "images",
                      List.of(
                          Map.of("tensor", nested),
                          Map.of("tensor", nested[0], "shape", new int[] {32, 32}),
                          Map.of("tensor", flat, "shape", new int[] {1, 1, 32, 32}),
                          Map.of("tensor", flat)),
                      "encoding",
                      "base64"));
          assertThat(reply.status()).as(reply.body()).isEqualTo(200);
          JsonNode json = reply.json();
          assertThat(json.get("embeddings")).hasSize(4);
          for (JsonNode embedding : json.get("embeddings")) {
            assertThat(Floats.fromBase64(embedding.asText())).containsExactly(expected);
          }
        });
  }

  @Test
  void acceptsRepeatedMultipartImageParts() throws Exception {
    byte[] a = Images.png(32, 32, 11);
    byte[] b = Images.png(64, 64, 12);
    float[] expectedA = DirectOrt.embed(model, PREPROCESSOR.fromBytes(a));
    float[] expectedB = DirectOrt.embed(model, PREPROCESSOR.fromBytes(b));
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply =
              http.postMultipart(
                  "/v1/embeddings",
                  List.of(
                      Part.file("images", a),
                      Part.file("images", b),
                      Part.field("encoding", "base64")));
          assertThat(reply.status()).isEqualTo(200);
          JsonNode embeddings = reply.json().get("embeddings");
          assertThat(Floats.fromBase64(embeddings.get(0).asText())).containsExactly(expectedA);
          assertThat(Floats.fromBase64(embeddings.get(1).asText())).containsExactly(expectedB);
        });
  }

  @Test
  void aRequestLargerThanTheMaxBatchIsSplitAndAnsweredInOrder() throws Exception {
    int count = 3 * server.config().batching().maxBatchSize() + 1;
    List<Object> images = new ArrayList<>();
    List<float[]> expected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      images.add(Images.tensor(100 + i));
      expected.add(DirectOrt.embed(model, Images.pixels(32, 32, 100 + i)));
    }
    ServerFixture.http(
        server,
        http -> {
          JsonNode embeddings =
              http.postJson("/v1/embeddings", body("images", images, "encoding", "base64"))
                  .json()
                  .get("embeddings");
          assertThat(embeddings).hasSize(count);
          for (int i = 0; i < count; i++) {
            assertThat(Floats.fromBase64(embeddings.get(i).asText()))
                .containsExactly(expected.get(i));
          }
        });
  }

  @Test
  void base64EmbeddingsDecodeToTheFloatEmbeddings() {
    ServerFixture.http(
        server,
        http -> {
          Object images = List.of(Images.tensor(21), Images.tensor(22));
          JsonNode floats =
              http.postJson("/v1/embeddings", body("images", images)).json().get("embeddings");
          JsonNode base64 =
              http.postJson("/v1/embeddings", body("images", images, "encoding", "base64"))
                  .json()
                  .get("embeddings");
          for (int i = 0; i < 2; i++) {
            assertThat(Floats.fromBase64(base64.get(i).asText()))
                .containsExactly(Http.floats(floats.get(i)));
          }
        });
  }
}
