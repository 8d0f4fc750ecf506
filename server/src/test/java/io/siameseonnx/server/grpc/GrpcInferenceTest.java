package io.siameseonnx.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.batching.DynamicBatcher;
import io.siameseonnx.server.grpc.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.siameseonnx.server.grpc.proto.OpenInference.InferParameter;
import io.siameseonnx.server.grpc.proto.OpenInference.InferTensorContents;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest.InferInputTensor;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest.InferRequestedOutputTensor;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferResponse;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelMetadataRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelMetadataResponse;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelReadyRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ServerLiveRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ServerMetadataRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ServerReadyRequest;
import io.siameseonnx.server.support.DirectOrt;
import io.siameseonnx.server.support.Grpc;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.ServedPair;
import io.siameseonnx.server.support.TestServers;
import io.siameseonnx.server.support.V2Bodies;
import io.siameseonnx.shared.distance.Metric;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The spec's GRPCInferenceService over a real channel, with stubs generated from the proto. */
class GrpcInferenceTest {

  @RegisterExtension static final ServedPair SERVED = new ServedPair(2);

  static InferInputTensor.Builder input(String name, String datatype, long... shape) {
    InferInputTensor.Builder input =
        InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
    for (long d : shape) {
      input.addShape(d);
    }
    return input;
  }

  static float[] floats(ByteString raw) {
    float[] values = new float[raw.size() / Float.BYTES];
    raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  static ModelInferRequest rawImages(float[]... images) {
    return ModelInferRequest.newBuilder()
        .setModelName("siamese-embedding")
        .addInputs(input("image", "FP32", images.length, 1, 32, 32))
        .addRawInputContents(ByteString.copyFrom(V2Bodies.littleEndian(images)))
        .build();
  }

  @Test
  void healthAndMetadataAnswerAsTheSpecSays() throws Exception {
    Grpc.grpc(
        SERVED.server(),
        client -> {
          GRPCInferenceServiceBlockingStub stub = client.stub();
          assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
          assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
          var metadata = stub.serverMetadata(ServerMetadataRequest.getDefaultInstance());
          assertThat(metadata.getName()).isEqualTo("siamese-onnx");
          assertThat(metadata.getExtensionsList()).contains("binary_tensor_data");
          for (String version : new String[] {"", "2"}) {
            assertThat(
                    stub.modelReady(
                            ModelReadyRequest.newBuilder()
                                .setName("siamese-distance")
                                .setVersion(version)
                                .build())
                        .getReady())
                .isTrue();
          }
          assertThat(
                  stub.modelReady(
                          ModelReadyRequest.newBuilder().setName("siamese-embedding").build())
                      .getReady())
              .isTrue();
          ModelMetadataResponse embedding =
              stub.modelMetadata(
                  ModelMetadataRequest.newBuilder().setName("siamese-embedding").build());
          assertThat(
                  stub.modelMetadata(
                      ModelMetadataRequest.newBuilder()
                          .setName("siamese-embedding")
                          .setVersion("2")
                          .build()))
              .isEqualTo(embedding);
          assertThat(embedding.getVersionsList()).containsExactly("2");
          assertThat(embedding.getPlatform()).isEqualTo("onnx_onnxv1");
          assertThat(embedding.getInputs(0).getName()).isEqualTo("image");
          assertThat(embedding.getInputs(0).getShapeList()).containsExactly(-1L, 1L, 32L, 32L);
          assertThat(embedding.getInputs(1).getName()).isEqualTo("image_bytes");
          assertThat(embedding.getInputs(1).getDatatype()).isEqualTo("BYTES");
          assertThat(embedding.getOutputs(0).getShapeList()).containsExactly(-1L, 8L);
          ModelMetadataResponse distance =
              stub.modelMetadata(
                  ModelMetadataRequest.newBuilder().setName("siamese-distance").build());
          assertThat(distance.getInputsList())
              .extracting(t -> t.getName())
              .containsExactly("image_a", "image_b");
          assertThat(distance.getOutputs(0).getShapeList()).containsExactly(-1L);
        });
  }

  @Test
  void rawInputContentsGiveOnnxRuntimesEmbeddingsInRawOutputContents() throws Exception {
    float[] a = Images.pixels(32, 32, 1);
    float[] b = Images.pixels(32, 32, 2);
    Grpc.grpc(
        SERVED.server(),
        client -> {
          ModelInferRequest request =
              rawImages(a, b).toBuilder()
                  .setId("grpc-7")
                  .addOutputs(InferRequestedOutputTensor.newBuilder().setName("embedding"))
                  .putParameters("tenant", InferParameter.newBuilder().setStringParam("t").build())
                  .build();
          ModelInferResponse response = client.stub().modelInfer(request);
          assertThat(response.getModelName()).isEqualTo("siamese-embedding");
          assertThat(response.getModelVersion()).isEqualTo("2");
          assertThat(response.getId()).isEqualTo("grpc-7");
          assertThat(response.getParametersMap().get("tenant").getStringParam()).isEqualTo("t");
          assertThat(response.getOutputs(0).getName()).isEqualTo("embedding");
          assertThat(response.getOutputs(0).getDatatype()).isEqualTo("FP32");
          assertThat(response.getOutputs(0).getShapeList()).containsExactly(2L, 8L);
          float[] data = floats(response.getRawOutputContents(0));
          assertThat(java.util.Arrays.copyOfRange(data, 0, 8))
              .containsExactly(DirectOrt.embed(SERVED.embeddingModel(), a));
          assertThat(java.util.Arrays.copyOfRange(data, 8, 16))
              .containsExactly(DirectOrt.embed(SERVED.embeddingModel(), b));
        });
  }

  @Test
  void typedContentsGiveTheSameResultsAsRawContents() throws Exception {
    float[] image = Images.pixels(32, 32, 3);
    byte[] png = Images.png(32, 32, 4);
    Grpc.grpc(
        SERVED.server(),
        client -> {
          InferTensorContents.Builder fp32 = InferTensorContents.newBuilder();
          for (float v : image) {
            fp32.addFp32Contents(v);
          }
          ModelInferResponse typed =
              client
                  .stub()
                  .modelInfer(
                      ModelInferRequest.newBuilder()
                          .setModelName("siamese-embedding")
                          .addInputs(input("image", "FP32", 1, 1, 32, 32).setContents(fp32))
                          .build());
          assertThat(floats(typed.getRawOutputContents(0)))
              .containsExactly(
                  floats(client.stub().modelInfer(rawImages(image)).getRawOutputContents(0)));

          ModelInferResponse blobs =
              client
                  .stub()
                  .modelInfer(
                      ModelInferRequest.newBuilder()
                          .setModelName("siamese-embedding")
                          .addInputs(
                              input("image_bytes", "BYTES", 1)
                                  .setContents(
                                      InferTensorContents.newBuilder()
                                          .addBytesContents(ByteString.copyFrom(png))))
                          .build());
          ModelInferResponse raw =
              client
                  .stub()
                  .modelInfer(
                      ModelInferRequest.newBuilder()
                          .setModelName("siamese-embedding")
                          .addInputs(input("image_bytes", "BYTES", 1))
                          .addRawInputContents(ByteString.copyFrom(V2Bodies.elements(png)))
                          .build());
          float[] expected =
              DirectOrt.embed(
                  SERVED.embeddingModel(),
                  SERVED.server().slot().peek().orElseThrow().preprocessor().fromBytes(png));
          assertThat(floats(blobs.getRawOutputContents(0))).containsExactly(expected);
          assertThat(floats(raw.getRawOutputContents(0))).containsExactly(expected);
        });
  }

  @Test
  void theDistanceModelAnswersOverGrpc() throws Exception {
    float[] a = Images.pixels(32, 32, 5);
    float[] b = Images.pixels(32, 32, 6);
    Grpc.grpc(
        SERVED.server(),
        client -> {
          ModelInferResponse response =
              client
                  .stub()
                  .modelInfer(
                      ModelInferRequest.newBuilder()
                          .setModelName("siamese-distance")
                          .setModelVersion("2")
                          .addInputs(input("image_a", "FP32", 1, 1, 32, 32))
                          .addInputs(input("image_b", "FP32", 1, 1, 32, 32))
                          .addRawInputContents(ByteString.copyFrom(V2Bodies.littleEndian(a)))
                          .addRawInputContents(ByteString.copyFrom(V2Bodies.littleEndian(b)))
                          .build());
          assertThat(response.getOutputs(0).getShapeList()).containsExactly(1L);
          double expected =
              Metric.EUCLIDEAN.between(
                  DirectOrt.embed(SERVED.embeddingModel(), a),
                  DirectOrt.embed(SERVED.embeddingModel(), b));
          assertThat((double) floats(response.getRawOutputContents(0))[0])
              .isCloseTo(expected, within(1e-5));
        });
  }

  @Test
  void badRequestsGetTheStatusOfTheirFailure() throws Exception {
    Grpc.grpc(
        SERVED.server(),
        client -> {
          GRPCInferenceServiceBlockingStub stub = client.stub();
          ModelInferRequest good = rawImages(Images.pixels(32, 32, 7));
          assertCode(
              () -> stub.modelInfer(good.toBuilder().setModelName("nope").build()),
              Status.Code.NOT_FOUND,
              "unknown model");
          assertCode(
              () -> stub.modelInfer(good.toBuilder().setModelVersion("1").build()),
              Status.Code.NOT_FOUND,
              "version 1");
          assertCode(
              () -> stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("nope").build()),
              Status.Code.NOT_FOUND,
              "unknown model");
          assertCode(
              () ->
                  stub.modelMetadata(
                      ModelMetadataRequest.newBuilder()
                          .setName("siamese-distance")
                          .setVersion("1")
                          .build()),
              Status.Code.NOT_FOUND,
              "version 1");
          assertCode(
              () ->
                  stub.modelReady(
                      ModelReadyRequest.newBuilder()
                          .setName("siamese-embedding")
                          .setVersion("3")
                          .build()),
              Status.Code.NOT_FOUND,
              "version 3");
          assertCode(
              () -> stub.modelReady(ModelReadyRequest.newBuilder().setName("nope").build()),
              Status.Code.NOT_FOUND,
              "unknown model");
          assertCode(
              () ->
                  stub.modelInfer(
                      good.toBuilder().setInputs(0, input("image", "FP32", 1, 1, 16, 64)).build()),
              Status.Code.INVALID_ARGUMENT,
              "shape");
          assertCode(
              () ->
                  stub.modelInfer(
                      good.toBuilder()
                          .addOutputs(InferRequestedOutputTensor.newBuilder().setName("logits"))
                          .build()),
              Status.Code.INVALID_ARGUMENT,
              "has no output 'logits'");
          InferTensorContents.Builder files = InferTensorContents.newBuilder();
          for (int i = 0; i < 33; i++) {
            files.addBytesContents(ByteString.copyFromUtf8("AAAA"));
          }
          assertCode(
              () ->
                  stub.modelInfer(
                      ModelInferRequest.newBuilder()
                          .setModelName("siamese-embedding")
                          .addInputs(input("image_bytes", "BYTES", 33).setContents(files))
                          .build()),
              Status.Code.INVALID_ARGUMENT,
              "holds 33 elements, more than a request may (32)");
          assertCode(
              () ->
                  stub.modelInfer(
                      good.toBuilder().setInputs(0, input("image", "FP16", 1, 1, 32, 32)).build()),
              Status.Code.INVALID_ARGUMENT,
              "datatype FP16");
          assertCode(
              () ->
                  stub.modelInfer(
                      good.toBuilder()
                          .setInputs(0, input("image", "FP32", 1L << 40, 1, 32, 32))
                          .build()),
              Status.Code.INVALID_ARGUMENT,
              "too many images");
          assertCode(
              () -> stub.modelInfer(good.toBuilder().addRawInputContents(ByteString.EMPTY).build()),
              Status.Code.INVALID_ARGUMENT,
              "raw_input_contents");
          assertCode(
              () ->
                  stub.modelInfer(
                      good.toBuilder()
                          .setRawInputContents(0, ByteString.copyFrom(new byte[12]))
                          .build()),
              Status.Code.INVALID_ARGUMENT,
              "has 12 bytes");
        });
  }

  @Test
  void gzipMessagesAreReadAndOnesThatInflatePastTheLimitAreRefused() throws Exception {
    float[] image = Images.pixels(32, 32, 11);
    // 2 MB of zeros, a few KB once compressed; the test server takes messages of up to 1 MB.
    ModelInferRequest bomb =
        rawImages(image).toBuilder()
            .setRawInputContents(0, ByteString.copyFrom(new byte[2 * 1024 * 1024]))
            .build();
    Grpc.grpc(
        SERVED.server(),
        client -> {
          GRPCInferenceServiceBlockingStub gzip = client.stub().withCompression("gzip");
          assertThat(floats(gzip.modelInfer(rawImages(image)).getRawOutputContents(0)))
              .containsExactly(DirectOrt.embed(SERVED.embeddingModel(), image));
          assertCode(
              () -> gzip.modelInfer(bomb),
              Status.Code.RESOURCE_EXHAUSTED,
              "inflates to more than the limit of 1048576 bytes");
          assertThat(client.stub().modelInfer(rawImages(image)).getOutputsCount()).isEqualTo(1);
        });
  }

  @Test
  void aFullQueueIsResourceExhaustedWithRetryAdvice() throws Exception {
    Grpc.grpc(
        SERVED.server(),
        client -> {
          double refusedBefore = count(SERVED.server().metrics().scrape(), EXHAUSTED);
          try (DynamicBatcher.Ticket all = SERVED.server().batcher().admit(64)) {
            StatusRuntimeException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                    StatusRuntimeException.class,
                    () -> client.stub().modelInfer(rawImages(Images.pixels(32, 32, 8))));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getTrailers().get(GrpcErrors.RETRY_AFTER)).isEqualTo("1");
            com.google.rpc.Status details = StatusProto.fromThrowable(e);
            assertThat(details.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds())
                .isEqualTo(1);
          }
          assertThat(
                  client.stub().modelInfer(rawImages(Images.pixels(32, 32, 8))).getOutputsCount())
              .isEqualTo(1);
          String scrape = SERVED.server().metrics().scrape();
          assertThat(count(scrape, EXHAUSTED)).isEqualTo(refusedBefore + 1);
          assertThat(scrape)
              .contains("grpc_server_requests_seconds_count{method=\"ModelInfer\",status=\"OK\"}");
        });
  }

  private static final String EXHAUSTED =
      "grpc_server_requests_seconds_count{method=\"ModelInfer\",status=\"RESOURCE_EXHAUSTED\"}";

  /** A series' value in a Prometheus scrape; 0 when it is not there yet. */
  private static double count(String scrape, String series) {
    return scrape
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst()
        .orElse(0);
  }

  @Test
  void apiKeysAreRequiredAsBearerMetadataButNotForHealth(@TempDir Path keyed) throws Exception {
    new TestRepository(keyed).writeVersion(1);
    try (SiameseServer guarded =
        TestServers.ready(TestServers.config(keyed).withApiKeys(Set.of("secret")))) {
      Grpc.grpc(
          guarded,
          client -> {
            ModelInferRequest request = rawImages(Images.pixels(32, 32, 9));
            assertCode(
                () -> client.stub().modelInfer(request),
                Status.Code.UNAUTHENTICATED,
                "API key is required");
            assertCode(
                () -> client.stub("wrong").modelInfer(request),
                Status.Code.UNAUTHENTICATED,
                "not valid");
            assertCode(
                () -> client.stub().serverMetadata(ServerMetadataRequest.getDefaultInstance()),
                Status.Code.UNAUTHENTICATED,
                "API key");
            assertThat(client.stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive())
                .isTrue();
            assertThat(
                    client.stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady())
                .isTrue();
            assertThat(client.stub("secret").modelInfer(request).getOutputsCount()).isEqualTo(1);
          });
    }
  }

  static void assertCode(Runnable call, Status.Code code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
  }
}
