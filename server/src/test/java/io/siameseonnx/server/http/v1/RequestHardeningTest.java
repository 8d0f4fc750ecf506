package io.siameseonnx.server.http.v1;

import static io.siameseonnx.server.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests an attacker or a careless client sends: huge arrays and tensors, unknown and mistyped
 * fields, out-of-range values, odd content types. Each is refused early, in the request's terms.
 */
class RequestHardeningTest {
  @TempDir static Path repo;
  static SiameseServer server;

  @BeforeAll
  static void start() throws Exception {
    new TestRepository(repo).writeVersion(1);
    server = TestServers.ready(TestServers.config(repo));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String png() {
    return "\"" + Base64.getEncoder().encodeToString(Images.png(32, 32, 1)) + "\"";
  }

  private static Http.Reply post(Http http, String path, String json) {
    return http.post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aHugeArrayOfImagesIsRefusedAtTheFirstImageOverTheLimit() {
    // 300 KB of empty strings: 100,000 elements, of which the server builds at most 32.
    String body = "{\"images\": [" + String.join(",", Collections.nCopies(100_000, "\"\"")) + "]}";
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply = post(http, "/v1/embeddings", body);
          assertError(reply, 422, "invalid_request");
          assertThat(reply.json().get("message").asText())
              .isEqualTo(
                  "images: too many images: more than 32 in one request, the limit is 32 images");
        });
  }

  @Test
  void pairsCountTwoImagesEachAgainstTheLimit() {
    String pair = "{\"a\": " + png() + ", \"b\": " + png() + "}";
    String body = "{\"pairs\": [" + String.join(",", Collections.nCopies(17, pair)) + "]}";
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply = post(http, "/v1/distances", body);
          assertError(reply, 422, "invalid_request");
          assertThat(reply.json().get("message").asText())
              .startsWith("pairs: too many pairs: more than 16 in one request");
        });
  }

  @Test
  void aTensorLongerThanTheModelsInputIsRefusedWhileRead() {
    String body =
        "{\"images\": [{\"tensor\": ["
            + String.join(",", Collections.nCopies(200_000, "0.5"))
            + "]}]}";
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply = post(http, "/v1/embeddings", body);
          assertError(reply, 400, "invalid_tensor");
          assertThat(reply.json().get("message").asText())
              .startsWith("images[0].tensor has more than 1024 values");
        });
  }

  @Test
  void tensorValuesOutsideThePreprocessingRangeAreRefused() {
    String values = String.join(",", Collections.nCopies(1023, "0.5"));
    ServerFixture.http(
        server,
        http -> {
          Http.Reply huge =
              post(http, "/v1/embeddings", "{\"images\": [{\"tensor\": [3e38," + values + "]}]}");
          assertError(huge, 400, "invalid_tensor");
          assertThat(huge.json().get("message").asText())
              .startsWith("images[0]: value 0 is 3.0E38, outside [0, 1]");
          Http.Reply negative =
              post(http, "/v1/embeddings", "{\"images\": [{\"tensor\": [-0.5," + values + "]}]}");
          assertError(negative, 400, "invalid_tensor");
          Http.Reply rounding =
              post(http, "/v1/embeddings", "{\"images\": [{\"tensor\": [1.0005," + values + "]}]}");
          assertThat(rounding.status()).isEqualTo(200);
        });
  }

  @Test
  void anUnknownFieldIsRefusedNamingItAndTheKnownOnes() {
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply =
              post(
                  http,
                  "/v1/distance",
                  "{\"a\": " + png() + ", \"b\": " + png() + ", \"metric\": \"cosine\"}");
          assertError(reply, 422, "invalid_request");
          assertThat(reply.json().get("message").asText())
              .isEqualTo("metric: unknown field (this request takes a, b, threshold)");
          Http.Reply inImage =
              post(
                  http,
                  "/v1/embeddings",
                  "{\"images\": [{\"tensor\": [0.5], \"dtype\": \"float16\"}]}");
          assertError(inImage, 422, "invalid_request");
          assertThat(inImage.json().get("message").asText())
              .isEqualTo("images[0].dtype: unknown field (an image object takes tensor, shape)");
        });
  }

  @Test
  void aValueOfTheWrongTypeNamesItsField() {
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply =
              post(
                  http,
                  "/v1/distance",
                  "{\"a\": " + png() + ", \"b\": " + png() + ", \"threshold\": \"x\"}");
          assertError(reply, 422, "invalid_request");
          assertThat(reply.json().get("message").asText())
              .isEqualTo("threshold: expected a number");
          Http.Reply topK =
              post(
                  http,
                  "/v1/distances",
                  "{\"query\": " + png() + ", \"candidates\": [" + png() + "], \"top_k\": [1]}");
          assertThat(topK.json().get("message").asText()).isEqualTo("top_k: expected an integer");
        });
  }

  @Test
  void badBase64NamesTheCharacterAndItsPosition() {
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply = post(http, "/v1/embeddings", "{\"images\": [\"iVBO@Rw0K\"]}");
          assertError(reply, 400, "invalid_base64");
          assertThat(reply.json().get("message").asText())
              .isEqualTo(
                  "images[0]: not valid base64: character '@' at position 4 is not a base64"
                      + " character");
        });
  }

  @Test
  void deeplyNestedJsonIsRefusedInTheRequestsTerms() {
    String deep = "[".repeat(2000) + "]".repeat(2000);
    ServerFixture.http(
        server,
        http -> {
          Http.Reply inField =
              post(http, "/v1/embeddings", "{\"encoding\": " + deep + ", \"images\": []}");
          assertError(inField, 422, "invalid_request");
          assertThat(inField.json().get("message").asText())
              .isEqualTo("encoding: expected a string");
          Http.Reply atRoot = post(http, "/v1/embeddings", deep);
          assertError(atRoot, 422, "invalid_request");
          assertThat(atRoot.json().get("message").asText())
              .isEqualTo("request body: expected an object");
        });
  }

  @Test
  void onlyJsonAndItsStructuredSuffixAreJson() {
    byte[] body =
        ("{\"images\": [{\"tensor\": "
                + "["
                + String.join(",", Collections.nCopies(1024, "0.5"))
                + "]}]}")
            .getBytes(StandardCharsets.UTF_8);
    ServerFixture.http(
        server,
        http -> {
          assertError(
              http.post("/v1/embeddings", "application/jsonx", body),
              415,
              "unsupported_media_type");
          assertError(
              http.post("/v1/embeddings", "application/json-seq", body),
              415,
              "unsupported_media_type");
          assertError(
              http.post("/v1/embeddings", "text/json", body), 415, "unsupported_media_type");
          assertThat(http.post("/v1/embeddings", "application/json; charset=utf-8", body).status())
              .isEqualTo(200);
          assertThat(http.post("/v1/embeddings", "Application/JSON", body).status()).isEqualTo(200);
          assertThat(http.post("/v1/embeddings", "application/vnd.siamese+json", body).status())
              .isEqualTo(200);
        });
  }

  @Test
  void aMultipartPartWithoutANameIsRefusedInTheRequestsTerms() {
    String boundary = "b0undary";
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data\r\nContent-Type: image/png\r\n\r\n"
            + "abc\r\n--"
            + boundary
            + "--\r\n";
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply =
              http.post(
                  "/v1/embeddings",
                  "multipart/form-data; boundary=" + boundary,
                  body.getBytes(StandardCharsets.UTF_8));
          assertError(reply, 400, "invalid_multipart");
          assertThat(reply.json().get("message").asText())
              .isEqualTo(
                  "a part has no name: each part needs Content-Disposition: form-data;"
                      + " name=\"...\"");
        });
  }

  private static String encoded(String format, int size) throws java.io.IOException {
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(size, size, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(size);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, format, out);
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  @Test
  void aTiffIsAnUnsupportedFormatNotADecodedImage() throws Exception {
    String tiff = encoded("tiff", 32);
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply = post(http, "/v1/embeddings", "{\"images\": [\"" + tiff + "\"]}");
          assertError(reply, 415, "unsupported_image_format");
          assertThat(reply.json().get("message").asText())
              .isEqualTo(
                  "images[0]: not a PNG, JPEG, BMP or GIF image (it starts with 4D 4D 00 2A: a"
                      + " TIFF)");
        });
  }

  @Test
  void aTruncatedJpegIsRefusedRatherThanFilledIn() throws Exception {
    byte[] jpeg = Base64.getDecoder().decode(encoded("jpeg", 64));
    String truncated =
        Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
    ServerFixture.http(
        server,
        http -> {
          Http.Reply reply = post(http, "/v1/embeddings", "{\"images\": [\"" + truncated + "\"]}");
          assertError(reply, 400, "invalid_image");
          assertThat(reply.json().get("message").asText())
              .startsWith("images[0]: image is truncated or corrupt");
        });
  }
}
