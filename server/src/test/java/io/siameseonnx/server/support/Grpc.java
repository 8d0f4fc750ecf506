package io.siameseonnx.server.support;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.grpc.GrpcServer;
import io.siameseonnx.server.grpc.proto.GRPCInferenceServiceGrpc;
import io.siameseonnx.server.grpc.proto.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest.InferInputTensor;
import io.siameseonnx.server.http.ApiKeyAuth;
import io.siameseonnx.server.oip.InferenceModels;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test body against the gRPC endpoint of a server's services on a free loopback port, with a
 * real channel and the stubs generated from the proto.
 */
public final class Grpc {
  private Grpc() {}

  /** A test body. */
  @FunctionalInterface
  public interface Body {
    /** Runs with a started endpoint and a channel to it. */
    void run(Client client) throws Exception;
  }

  /** A channel to the endpoint, and stubs on it. */
  public record Client(ManagedChannel channel, int port) {
    /** A blocking stub without an API key. */
    public GRPCInferenceServiceBlockingStub stub() {
      return GRPCInferenceServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    /** A blocking stub that sends {@code authorization: Bearer key}. */
    public GRPCInferenceServiceBlockingStub stub(String key) {
      Metadata headers = new Metadata();
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
      return stub().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
  }

  /** Starts the endpoint over the server's services, runs {@code body}, and stops both ends. */
  public static void grpc(SiameseServer server, Body body) throws Exception {
    GrpcServer endpoint =
        GrpcServer.start(
            "127.0.0.1",
            0,
            new InferenceModels(
                server.hosts(), server.services(), server.config().maxImagesPerRequest()),
            new ApiKeyAuth(server.config().apiKeys()),
            server.metrics(),
            server.config().maxBodyBytes());
    try {
      connect(endpoint.port(), body);
    } finally {
      endpoint.close(Duration.ofSeconds(10));
    }
  }

  /** Runs {@code body} with a channel to a gRPC endpoint already listening on a loopback port. */
  public static void connect(int port, Body body) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .maxInboundMessageSize(64 * 1024 * 1024)
            .build();
    try {
      body.run(new Client(channel, port));
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** A ModelInfer request of one preprocessed 32x32 image as raw contents, at {@code version}. */
  public static ModelInferRequest rawImage(float[] image, String version) {
    return ModelInferRequest.newBuilder()
        .setModelName("siamese-embedding")
        .setModelVersion(version)
        .addInputs(
            InferInputTensor.newBuilder()
                .setName("image")
                .setDatatype("FP32")
                .addAllShape(List.of(1L, 1L, 32L, 32L)))
        .addRawInputContents(ByteString.copyFrom(V2Bodies.littleEndian(image)))
        .build();
  }
}
