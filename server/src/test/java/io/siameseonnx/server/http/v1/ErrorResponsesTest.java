package io.siameseonnx.server.http.v1;

import static io.siameseonnx.server.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.batching.DynamicBatcher;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Http.Part;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every client error of the issue, with the one error shape and never a stack trace. */
class ErrorResponsesTest {
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

  private static final String TENSOR = tensorJson(1024, "0.5");

  private static String tensorJson(int n, String value) {
    return "[" + String.join(",", java.util.Collections.nCopies(n, value)) + "]";
  }

  private static String truncatedPng() {
    byte[] png = Images.png(32, 32, 3);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(png, png.length / 2));
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static Stream<Arguments> jsonErrors() {
    String png = Images.pngBase64(1);
    String img = "\"" + png + "\"";
    String tooMany = "[" + String.join(",", java.util.Collections.nCopies(33, img)) + "]";
    return Stream.of(
        Arguments.of(
            "malformed JSON is 400", "/v1/embeddings", "{\"images\": [", 400, "invalid_json"),
        Arguments.of("an empty body is 400", "/v1/embeddings", "", 400, "invalid_json"),
        Arguments.of(
            "trailing garbage is 400",
            "/v1/embeddings",
            "{\"images\": [" + img + "]} x",
            400,
            "invalid_json"),
        Arguments.of(
            "bad base64 is 400",
            "/v1/embeddings",
            "{\"images\": [\"%%%not-base64%%%\"]}",
            400,
            "invalid_base64"),
        Arguments.of(
            "a bad data URL is 400",
            "/v1/embeddings",
            "{\"images\": [\"data:image/png,abc\"]}",
            400,
            "invalid_base64"),
        Arguments.of(
            "bytes that are no PNG, JPEG, BMP or GIF are 415",
            "/v1/embeddings",
            "{\"images\": [\"" + b64("hello world") + "\"]}",
            415,
            "unsupported_image_format"),
        Arguments.of(
            "a truncated PNG is 400",
            "/v1/embeddings",
            "{\"images\": [\"" + truncatedPng() + "\"]}",
            400,
            "invalid_image"),
        Arguments.of(
            "an empty image is 400",
            "/v1/embeddings",
            "{\"images\": [\"\"]}",
            400,
            "invalid_image"),
        Arguments.of(
            "a tensor of the wrong shape is 400",
            "/v1/embeddings",
            "{\"images\": [{\"tensor\": " + tensorJson(784, "0.5") + ", \"shape\": [1, 28, 28]}]}",
            400,
            "invalid_tensor"),
        Arguments.of(
            "a flat tensor of the wrong length is 400",
            "/v1/embeddings",
            "{\"images\": [{\"tensor\": [0.1, 0.2]}]}",
            400,
            "invalid_tensor"),
        Arguments.of(
            "a shape that disagrees with the values is 400",
            "/v1/embeddings",
            "{\"images\": [{\"tensor\": " + TENSOR + ", \"shape\": [1, 32, 31]}]}",
            400,
            "invalid_tensor"),
        Arguments.of(
            "a ragged tensor is 400",
            "/v1/embeddings",
            "{\"images\": [{\"tensor\": [[0.1, 0.2], [0.3]]}]}",
            400,
            "invalid_tensor"),
        Arguments.of(
            "NaN in a tensor is 400",
            "/v1/embeddings",
            "{\"images\": [{\"tensor\": [NaN" + TENSOR.substring(4) + "}]}",
            400,
            "invalid_tensor"),
        Arguments.of(
            "an infinite value is 400",
            "/v1/embeddings",
            "{\"images\": [{\"tensor\": [1e999" + TENSOR.substring(4) + "}]}",
            400,
            "invalid_tensor"),
        Arguments.of(
            "a string in a tensor is 400",
            "/v1/embeddings",
            "{\"images\": [{\"tensor\": [\"0.5\"]}]}",
            400,
            "invalid_tensor"),
        Arguments.of(
            "a missing images field is 422", "/v1/embeddings", "{}", 422, "invalid_request"),
        Arguments.of(
            "an empty images list is 422",
            "/v1/embeddings",
            "{\"images\": []}",
            422,
            "invalid_request"),
        Arguments.of(
            "a null image is 422",
            "/v1/embeddings",
            "{\"images\": [null]}",
            422,
            "invalid_request"),
        Arguments.of(
            "images that are not a list are 422",
            "/v1/embeddings",
            "{\"images\": \"abc\"}",
            422,
            "invalid_request"),
        Arguments.of(
            "an image that is a number is 422",
            "/v1/embeddings",
            "{\"images\": [5]}",
            422,
            "invalid_request"),
        Arguments.of(
            "a tensor object without a tensor is 422",
            "/v1/embeddings",
            "{\"images\": [{\"shape\": [1, 32, 32]}]}",
            422,
            "invalid_request"),
        Arguments.of(
            "more images than the limit is 422",
            "/v1/embeddings",
            "{\"images\": " + tooMany + "}",
            422,
            "invalid_request"),
        Arguments.of(
            "an unknown encoding is 422",
            "/v1/embeddings",
            "{\"images\": [" + img + "], \"encoding\": \"hex\"}",
            422,
            "invalid_request"),
        Arguments.of(
            "a body that is not an object is 422",
            "/v1/embeddings",
            "[1, 2]",
            422,
            "invalid_request"),
        Arguments.of(
            "a pair without b is 422",
            "/v1/distance",
            "{\"a\": " + img + "}",
            422,
            "invalid_request"),
        Arguments.of(
            "a threshold of zero is 422",
            "/v1/distance",
            "{\"a\": " + img + ", \"b\": " + img + ", \"threshold\": 0}",
            422,
            "invalid_request"),
        Arguments.of(
            "a threshold given as a string is 422",
            "/v1/distance",
            "{\"a\": " + img + ", \"b\": " + img + ", \"threshold\": \"0.5\"}",
            422,
            "invalid_request"),
        Arguments.of(
            "pairs and a query together are 422",
            "/v1/distances",
            "{\"pairs\": [{\"a\": " + img + ", \"b\": " + img + "}], \"query\": " + img + "}",
            422,
            "invalid_request"),
        Arguments.of(
            "neither pairs nor a query is 422", "/v1/distances", "{}", 422, "invalid_request"),
        Arguments.of(
            "an empty pairs list is 422",
            "/v1/distances",
            "{\"pairs\": []}",
            422,
            "invalid_request"),
        Arguments.of(
            "a query without candidates is 422",
            "/v1/distances",
            "{\"query\": " + img + "}",
            422,
            "invalid_request"),
        Arguments.of(
            "top_k of zero is 422",
            "/v1/distances",
            "{\"query\": " + img + ", \"candidates\": [" + img + "], \"top_k\": 0}",
            422,
            "invalid_request"),
        Arguments.of(
            "a fractional top_k is 422",
            "/v1/distances",
            "{\"query\": " + img + ", \"candidates\": [" + img + "], \"top_k\": 1.5}",
            422,
            "invalid_request"),
        Arguments.of(
            "a bad image in a pair names it",
            "/v1/distances",
            "{\"pairs\": [{\"a\": " + img + ", \"b\": \"" + truncatedPng() + "\"}]}",
            400,
            "invalid_image"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonErrors")
  void jsonRequestErrorsHaveTheirStatusAndTheOneErrorShape(
      String name, String path, String body, int status, String code) {
    ServerFixture.http(
        server,
        http ->
            assertError(
                http.post(path, "application/json", body.getBytes(StandardCharsets.UTF_8)),
                status,
                code));
  }

  @Test
  void aBadImageErrorSaysWhichImage() {
    ServerFixture.http(
        server,
        http -> {
          String body =
              "{\"pairs\": [{\"a\": \""
                  + Images.pngBase64(1)
                  + "\", \"b\": \""
                  + b64("nope")
                  + "\"}]}";
          Http.Reply reply =
              http.post("/v1/distances", "application/json", body.getBytes(StandardCharsets.UTF_8));
          assertThat(reply.json().get("message").asText()).startsWith("pairs[0].b: ");
        });
  }

  @Test
  void aBodyOverTheLimitIs413() {
    byte[] big = new byte[(int) server.config().maxBodyBytes() + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    ServerFixture.http(
        server,
        http ->
            assertError(
                http.post("/v1/embeddings", "application/json", big), 413, "payload_too_large"));
  }

  @Test
  void aChunkedBodyOverTheLimitIs413() {
    byte[] big = new byte[(int) server.config().maxBodyBytes() + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    ServerFixture.http(
        server,
        http -> {
          int port = Integer.parseInt(http.base().substring(http.base().lastIndexOf(':') + 1));
          HttpRequest request =
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/embeddings"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                  .build();
          HttpResponse<String> response =
              HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
          assertError(
              new Http.Reply(response.statusCode(), response.headers().map(), response.body()),
              413,
              "payload_too_large");
        });
  }

  @Test
  void aMultipartBodyOverTheLimitIs413() {
    byte[] big = new byte[(int) server.config().maxBodyBytes() + 1];
    ServerFixture.http(
        server,
        http ->
            assertError(
                http.postMultipart("/v1/embeddings", List.of(Part.file("images", big))),
                413,
                "payload_too_large"));
  }

  @Test
  void aMalformedMultipartBodyIs400() {
    ServerFixture.http(
        server,
        http ->
            assertError(
                http.post(
                    "/v1/embeddings",
                    "multipart/form-data; boundary=xyz",
                    "garbage".getBytes(StandardCharsets.UTF_8)),
                400,
                "invalid_multipart"));
  }

  @Test
  void aMultipartRequestWithoutImagesIs422() {
    ServerFixture.http(
        server,
        http ->
            assertError(
                http.postMultipart("/v1/embeddings", List.of(Part.field("encoding", "float"))),
                422,
                "invalid_request"));
  }

  @Test
  void anUndecodableMultipartImageIs400() {
    ServerFixture.http(
        server,
        http ->
            assertError(
                http.postMultipart(
                    "/v1/distance",
                    List.of(
                        Part.file("a", Images.png(8, 8, 1)),
                        Part.file("b", java.util.Arrays.copyOf(Images.png(32, 32, 4), 60)))),
                400,
                "invalid_image"));
  }

  @Test
  void otherContentTypesAre415() {
    ServerFixture.http(
        server,
        http -> {
          assertError(
              http.post("/v1/embeddings", "text/plain", "{}".getBytes(StandardCharsets.UTF_8)),
              415,
              "unsupported_media_type");
          assertError(
              http.post("/v1/distance", null, "{}".getBytes(StandardCharsets.UTF_8)),
              415,
              "unsupported_media_type");
        });
  }

  @Test
  void unknownRoutesAre404AndWrongMethods405() {
    ServerFixture.http(
        server,
        http -> {
          assertError(http.get("/v1/nothing"), 404, "not_found");
          Http.Reply reply = http.get("/v1/embeddings");
          assertError(reply, 405, "method_not_allowed");
          assertThat(reply.header("Allow")).contains("POST");
        });
  }

  @Test
  void aFullQueueIs429WithRetryAfter() {
    DynamicBatcher batcher = server.batcher();
    ServerFixture.http(
        server,
        http -> {
          try (DynamicBatcher.Ticket hold = batcher.admit(batcher.options().queueCapacity())) {
            Http.Reply reply =
                http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1))));
            assertError(reply, 429, "overloaded");
            assertThat(reply.header("Retry-After")).contains("1");
          }
          assertThat(
                  http.postJson("/v1/embeddings", Http.body("images", List.of(Images.tensor(1))))
                      .status())
              .isEqualTo(200);
        });
  }
}
