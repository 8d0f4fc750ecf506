package io.siameseonnx.server;

import static io.siameseonnx.server.support.Http.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.DistributionSummary;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.batching.BatcherOptions;
import io.siameseonnx.server.batching.DynamicBatcher;
import io.siameseonnx.server.grpc.proto.OpenInference.InferTensorContents;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest.InferInputTensor;
import io.siameseonnx.server.models.ModelManager;
import io.siameseonnx.server.support.Floats;
import io.siameseonnx.server.support.Grpc;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.server.support.V2Bodies;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocols are adapters over one service: the same image gives the same embedding, bit for
 * bit, through v1, v2 JSON, v2 binary and gRPC; requests of all of them share batches; and a hot
 * reload changes what all of them serve.
 */
class ProtocolParityTest {
  private static final String INFER = "/v2/models/siamese-embedding/infer";

  @TempDir Path repo;

  /** A test body with a server and a client of each wire. */
  private interface Body {
    void run(SiameseServer server, Http http, Grpc.Client grpc) throws Exception;
  }

  private static void overEveryWire(ServerConfig config, Body body) throws Exception {
    try (SiameseServer server = TestServers.ready(config)) {
      ServerFixture.http(server, http -> Grpc.grpc(server, grpc -> body.run(server, http, grpc)));
    }
  }

  /** The four ways to send one preprocessed image, each returning the embedding's floats. */
  private static List<Callable<float[]>> tensorCalls(Http http, Grpc.Client grpc, float[] image) {
    return List.of(
        () ->
            Floats.fromBase64(
                http.postJson(
                        "/v1/embeddings",
                        body(
                            "images",
                            List.of(Map.of("tensor", image, "shape", new int[] {1, 32, 32})),
                            "encoding",
                            "base64"))
                    .json()
                    .get("embeddings")
                    .get(0)
                    .asText()),
        () ->
            V2Bodies.data(
                http.postJson(INFER, body("inputs", List.of(V2Bodies.floats("image", image))))
                    .json()
                    .get("outputs")
                    .get(0)
                    .get("data")),
        () ->
            binary(
                http,
                V2Bodies.binaryInput("image", "FP32", V2Bodies.shape(1), 4096),
                V2Bodies.littleEndian(image)),
        () -> grpcEmbedding(grpc, Grpc.rawImage(image, "")));
  }

  private static float[] binary(Http http, Map<String, Object> input, byte[] data) {
    V2Bodies.Binary request =
        V2Bodies.binary(
            body("parameters", Map.of("binary_data_output", true), "inputs", List.of(input)), data);
    return V2Bodies.answer(http.postRaw(INFER, request.headers(), request.body())).floats();
  }

  private static float[] grpcEmbedding(Grpc.Client grpc, ModelInferRequest request) {
    ByteString raw = grpc.stub().modelInfer(request).getRawOutputContents(0);
    float[] values = new float[raw.size() / Float.BYTES];
    raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  private static List<float[]> all(List<Callable<float[]>> calls) throws Exception {
    List<float[]> results = new ArrayList<>();
    for (Callable<float[]> call : calls) {
      results.add(call.call());
    }
    return results;
  }

  private static void assertAllEqual(List<float[]> results) {
    assertThat(results.get(0)).hasSize(8);
    for (float[] result : results) {
      assertThat(result).containsExactly(results.get(0));
    }
  }

  @Test
  void aTensorGivesTheSameEmbeddingBitForBitThroughEveryProtocol() throws Exception {
    new TestRepository(repo).writeVersion(1);
    float[] image = Images.pixels(32, 32, 11);
    overEveryWire(
        TestServers.config(repo),
        (server, http, grpc) -> assertAllEqual(all(tensorCalls(http, grpc, image))));
  }

  @Test
  void anEncodedImageGivesTheSameEmbeddingBitForBitThroughEveryProtocol() throws Exception {
    new TestRepository(repo).writeVersion(1);
    byte[] png = Images.png(40, 36, 12);
    overEveryWire(
        TestServers.config(repo),
        (server, http, grpc) -> {
          byte[] elements = V2Bodies.elements(png);
          List<Callable<float[]>> calls =
              List.of(
                  () ->
                      Floats.fromBase64(
                          http.postJson(
                                  "/v1/embeddings",
                                  body(
                                      "images",
                                      List.of(Base64.getEncoder().encodeToString(png)),
                                      "encoding",
                                      "base64"))
                              .json()
                              .get("embeddings")
                              .get(0)
                              .asText()),
                  () ->
                      V2Bodies.data(
                          http.postJson(INFER, body("inputs", List.of(V2Bodies.files(png))))
                              .json()
                              .get("outputs")
                              .get(0)
                              .get("data")),
                  () ->
                      binary(
                          http,
                          V2Bodies.binaryInput(
                              "image_bytes", "BYTES", List.of(1L), elements.length),
                          elements),
                  () ->
                      grpcEmbedding(
                          grpc,
                          ModelInferRequest.newBuilder()
                              .setModelName("siamese-embedding")
                              .addInputs(
                                  InferInputTensor.newBuilder()
                                      .setName("image_bytes")
                                      .setDatatype("BYTES")
                                      .addShape(1)
                                      .setContents(
                                          InferTensorContents.newBuilder()
                                              .addBytesContents(ByteString.copyFrom(png))))
                              .build()));
          assertAllEqual(all(calls));
        });
  }

  @Test
  void concurrentRequestsOfEveryProtocolShareOneBatchAndGetTheirUnbatchedResults()
      throws Exception {
    new TestRepository(repo).writeVersion(1);
    float[][] images = new float[4][];
    for (int i = 0; i < images.length; i++) {
      images[i] = Images.pixels(32, 32, 20 + i);
    }
    // One request of each of the four kinds; the batch is full with four images.
    overEveryWire(
        TestServers.config(repo)
            .withBatching(new BatcherOptions(4, Duration.ofSeconds(30), 64), 32),
        (server, http, grpc) -> {
          DistributionSummary batches =
              server.metrics().registry().get("siamese.batch.size").summary();
          List<float[]> batched = new ArrayList<>();
          ExecutorService pool = Executors.newFixedThreadPool(4);
          // An admitted image still "being preprocessed" makes the batcher wait for more work, so
          // the four requests are certain to meet in one batch.
          try (DynamicBatcher.Ticket straggler = server.batcher().admit(1)) {
            List<Future<float[]>> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
              replies.add(pool.submit(tensorCalls(http, grpc, images[i]).get(i)));
            }
            for (Future<float[]> reply : replies) {
              batched.add(reply.get());
            }
          } finally {
            pool.shutdown();
          }
          assertThat(batches.count()).isEqualTo(1);
          assertThat(batches.totalAmount()).isEqualTo(4);

          for (int i = 0; i < 4; i++) {
            // Alone, and through another protocol than in the batch.
            float[] alone = tensorCalls(http, grpc, images[i]).get((i + 1) % 4).call();
            assertThat(alone).containsExactly(batched.get(i));
          }
          assertThat(batches.count()).isEqualTo(5);
        });
  }

  @Test
  void aHotReloadedVersionIsWhatEveryProtocolServes() throws Exception {
    TestRepository models = new TestRepository(repo);
    models.writeVersion(1);
    float[] image = Images.pixels(32, 32, 30);
    overEveryWire(
        TestServers.config(repo),
        (server, http, grpc) -> {
          float[] before = tensorCalls(http, grpc, image).get(1).call();
          models.writeVersion(2);
          assertThat(server.models().reload()).isEqualTo(ModelManager.Outcome.LOADED);
          List<float[]> after = all(tensorCalls(http, grpc, image));
          assertThat(after.get(0)).isNotEqualTo(before);
          assertAllEqual(after);
          assertThat(http.get("/v2/models/siamese-embedding").json().get("versions").toString())
              .isEqualTo("[\"2\"]");
          assertThat(http.get("/v2/models/siamese-embedding/versions/1").status()).isEqualTo(404);
          assertThat(grpcEmbedding(grpc, Grpc.rawImage(image, "2"))).containsExactly(after.get(0));
        });
  }
}
