package io.siameseonnx.server;

import static io.siameseonnx.server.support.Http.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelMetadataRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelReadyRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ServerLiveRequest;
import io.siameseonnx.server.support.Grpc;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.server.support.V2Bodies;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started as {@code main} starts it, HTTP and gRPC on free loopback ports: one set of API
 * keys guards every protocol, and the metrics count each protocol's requests under its own labels
 * while the model's meters count the images of all of them.
 */
class SharedPoliciesAcrossProtocolsTest {
  private static final String KEY = "the-key";
  private static final String V1 = "/v1/embeddings";
  private static final String V2 = "/v2/models/siamese-embedding/infer";

  @TempDir static Path repo;
  static SiameseServer server;
  static Http http;
  static int grpcPort;

  @BeforeAll
  static void start() throws Exception {
    new TestRepository(repo).writeVersion(1);
    server = started(repo);
    http = new Http(server.app().port());
    grpcPort = server.grpcPort().orElseThrow();
  }

  /** Starts a server over {@code models} as {@code main} does, with gRPC and the API key. */
  private static SiameseServer started(Path models) throws Exception {
    SiameseServer started =
        SiameseServer.create(
            TestServers.config(models)
                .withGrpcPort(ServerConfig.GRPC_ANY_PORT)
                .withApiKeys(Set.of(KEY)));
    started.start();
    return started;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Http.Reply v1(Http client, float[] image) {
    return client.postJson(
        V1, body("images", List.of(Map.of("tensor", image, "shape", new int[] {1, 32, 32}))));
  }

  private static Http.Reply v2Json(Http client, float[] image) {
    return client.postJson(V2, body("inputs", List.of(V2Bodies.floats("image", image))));
  }

  private static Http.Raw v2Binary(Http client, float[] image) {
    V2Bodies.Binary request =
        V2Bodies.binary(
            body("inputs", List.of(V2Bodies.binaryInput("image", "FP32", V2Bodies.shape(1), 4096))),
            V2Bodies.littleEndian(image));
    return client.postRaw(V2, request.headers(), request.body());
  }

  private static void assertUnauthenticated(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void oneSetOfApiKeysGuardsEveryProtocolOfTheStartedServer() throws Exception {
    float[] image = Images.pixels(32, 32, 41);
    for (Http client : List.of(http, http.withBearer("not-the-key"))) {
      assertThat(v1(client, image).status()).isEqualTo(401);
      assertThat(v2Json(client, image).status()).isEqualTo(401);
      assertThat(v2Binary(client, image).status()).isEqualTo(401);
      assertThat(client.get("/v2/models/siamese-embedding").status()).isEqualTo(401);
    }
    Http keyed = http.withBearer(KEY);
    assertThat(v1(keyed, image).status()).isEqualTo(200);
    assertThat(v2Json(keyed, image).status()).isEqualTo(200);
    assertThat(v2Binary(keyed, image).status()).isEqualTo(200);
    Grpc.connect(
        grpcPort,
        grpc -> {
          for (var stub : List.of(grpc.stub(), grpc.stub("not-the-key"))) {
            assertUnauthenticated(() -> stub.modelInfer(Grpc.rawImage(image, "")));
            assertUnauthenticated(
                () ->
                    stub.modelMetadata(
                        ModelMetadataRequest.newBuilder().setName("siamese-embedding").build()));
            assertUnauthenticated(
                () ->
                    stub.modelReady(
                        ModelReadyRequest.newBuilder().setName("siamese-embedding").build()));
          }
          assertThat(grpc.stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive())
              .isTrue();
          assertThat(
                  grpc.stub(KEY).modelInfer(Grpc.rawImage(image, "")).getRawOutputContentsCount())
              .isEqualTo(1);
        });
  }

  @Test
  void metricsCountEachProtocolUnderItsOwnLabelsAndTheModelCountsTheImagesOfAll() throws Exception {
    // A model of its own keeps the other test's requests out of the counts.
    Path own = repo.resolveSibling(repo.getFileName() + "-metrics");
    new TestRepository(own).writeVersion(1);
    try (SiameseServer counted = started(own)) {
      Http plain = new Http(counted.app().port());
      Http keyed = plain.withBearer(KEY);
      float[] image = Images.pixels(32, 32, 42);
      assertThat(v1(keyed, image).status()).isEqualTo(200);
      assertThat(v1(plain, image).status()).isEqualTo(401);
      assertThat(v2Json(keyed, image).status()).isEqualTo(200);
      assertThat(v2Binary(keyed, image).status()).isEqualTo(200);
      Grpc.connect(
          counted.grpcPort().orElseThrow(),
          grpc -> {
            grpc.stub(KEY).modelInfer(Grpc.rawImage(image, ""));
            grpc.stub(KEY).modelInfer(Grpc.rawImage(image, ""));
            assertUnauthenticated(() -> grpc.stub().modelInfer(Grpc.rawImage(image, "")));
          });

      String text = plain.get("/metrics").body();
      assertThat(text)
          .contains(
              "http_server_requests_seconds_count{method=\"POST\",route=\"/v1/embeddings\",status=\"200\"} 1")
          .contains(
              "http_server_requests_seconds_count{method=\"POST\",route=\"/v1/embeddings\",status=\"401\"} 1")
          .contains(
              "http_server_requests_seconds_count{method=\"POST\",route=\"/v2/models/{model}/infer\",status=\"200\"} 2")
          .contains("grpc_server_requests_seconds_count{method=\"ModelInfer\",status=\"OK\"} 2")
          .contains(
              "grpc_server_requests_seconds_count{method=\"ModelInfer\",status=\"UNAUTHENTICATED\"} 1")
          // 1 (v1) + 2 (v2 JSON and binary) + 2 (gRPC): refused requests never reach the model.
          .contains("siamese_images_total{model=\"siamese-embedding\"} 5");
    }
  }
}
