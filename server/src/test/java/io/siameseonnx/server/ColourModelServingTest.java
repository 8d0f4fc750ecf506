package io.siameseonnx.server;

import static io.siameseonnx.server.support.ErrorAssertions.assertError;
import static io.siameseonnx.server.support.Http.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest.InferInputTensor;
import io.siameseonnx.server.support.Floats;
import io.siameseonnx.server.support.Grpc;
import io.siameseonnx.server.support.Http;
import io.siameseonnx.server.support.ServerFixture;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.server.support.V2Bodies;
import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.ImageWriting;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose card asks for three channels is served as one: encoded images become RGB planes,
 * tensors are 3xHxW, and every protocol agrees. Two images of equal luma and different hue tell a
 * colour model apart and a gray one not.
 */
class ColourModelServingTest {
  @TempDir Path repo;

  /** A 32x32 image of one colour (8-bit red, green, blue). */
  private static byte[] solid(int r, int g, int b) {
    float[] chw = new float[3 * 32 * 32];
    int plane = 32 * 32;
    for (int i = 0; i < plane; i++) {
      chw[i] = r / 255f;
      chw[plane + i] = g / 255f;
      chw[2 * plane + i] = b / 255f;
    }
    return ImageWriting.png(chw, 3, 32, 32);
  }

  // Equal luma: 0.299 * 122 = 0.587 * 20 + 0.114 * 217 (36.478 of 255).
  private static final byte[] RED = solid(122, 0, 0);
  private static final byte[] BLUE = solid(0, 20, 217);

  /** The v1 embedding of one image: a base64 string or a tensor object. */
  private static float[] v1(Http http, Object image) {
    return Floats.fromBase64(
        http.postJson("/v1/embeddings", body("images", List.of(image), "encoding", "base64"))
            .json()
            .get("embeddings")
            .get(0)
            .asText());
  }

  private static float[] v1Embedding(Http http, byte[] png) {
    return v1(http, Base64.getEncoder().encodeToString(png));
  }

  private static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
    }
    return Math.sqrt(sum);
  }

  @Test
  void aColourModelSeesHueEveryProtocolAgreesAndTensorsAreThreePlanes() throws Exception {
    new TestRepository(repo).write(1, TestModels.linearTower(8, 3, 32, 32));
    float[] rgb =
        new ImagePreprocessor(PreprocessingSpec.of(32, 32, PreprocessingSpec.RGB)).fromBytes(BLUE);
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      ServerFixture.http(
          server,
          http ->
              Grpc.grpc(
                  server,
                  grpc -> {
                    float[] red = v1Embedding(http, RED);
                    float[] blue = v1Embedding(http, BLUE);
                    assertThat(distance(red, blue)).isGreaterThan(0.1);

                    // The same image as a 3x32x32 tensor, over v1, v2 (files and tensor) and gRPC.
                    float[] tensor =
                        v1(http, Map.of("tensor", rgb, "shape", new int[] {3, 32, 32}));
                    assertThat(tensor).containsExactly(blue);
                    String infer = "/v2/models/siamese-embedding/infer";
                    JsonNode files =
                        http.postJson(infer, body("inputs", List.of(V2Bodies.files(BLUE)))).json();
                    assertThat(V2Bodies.data(files.get("outputs").get(0).get("data")))
                        .containsExactly(blue);
                    ByteString raw =
                        grpc.stub()
                            .modelInfer(
                                ModelInferRequest.newBuilder()
                                    .setModelName("siamese-embedding")
                                    .addInputs(
                                        InferInputTensor.newBuilder()
                                            .setName("image")
                                            .setDatatype("FP32")
                                            .addAllShape(List.of(1L, 3L, 32L, 32L)))
                                    .addRawInputContents(
                                        ByteString.copyFrom(V2Bodies.littleEndian(rgb)))
                                    .build())
                            .getRawOutputContents(0);
                    float[] viaGrpc = new float[raw.size() / Float.BYTES];
                    raw.asReadOnlyByteBuffer()
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(viaGrpc);
                    assertThat(viaGrpc).containsExactly(blue);

                    // Metadata and the card say three channels; a gray tensor is refused.
                    JsonNode metadata = http.get("/v2/models/siamese-embedding").json();
                    assertThat(metadata.get("inputs").get(0).get("shape").toString())
                        .isEqualTo("[-1,3,32,32]");
                    assertThat(
                            http.get("/v1/models")
                                .json()
                                .get("card")
                                .get("preprocessing")
                                .get("channels")
                                .asInt())
                        .isEqualTo(3);
                    assertError(
                        http.postJson(
                            "/v1/embeddings",
                            body(
                                "images",
                                List.of(
                                    Map.of(
                                        "tensor",
                                        new float[32 * 32],
                                        "shape",
                                        new int[] {1, 32, 32})))),
                        400,
                        "invalid_tensor");
                  }));
    }
  }

  @Test
  void aGrayModelCannotTellEqualLumaHuesApart() throws Exception {
    new TestRepository(repo).write(1, TestModels.linearTower(8, 1, 32, 32));
    try (SiameseServer server = TestServers.ready(TestServers.config(repo))) {
      ServerFixture.http(
          server,
          http -> {
            float[] red = v1Embedding(http, RED);
            float[] blue = v1Embedding(http, BLUE);
            for (int i = 0; i < red.length; i++) {
              assertThat(red[i]).isCloseTo(blue[i], within(1e-5f));
            }
          });
    }
  }
}
