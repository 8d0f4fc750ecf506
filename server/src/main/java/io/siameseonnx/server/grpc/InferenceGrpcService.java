package io.siameseonnx.server.grpc;

import io.grpc.netty.shaded.io.netty.util.internal.ThreadExecutorMap;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.siameseonnx.server.grpc.proto.GRPCInferenceServiceGrpc;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferResponse;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelMetadataRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelMetadataResponse;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelReadyRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelReadyResponse;
import io.siameseonnx.server.grpc.proto.OpenInference.ServerLiveRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ServerLiveResponse;
import io.siameseonnx.server.grpc.proto.OpenInference.ServerMetadataRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ServerMetadataResponse;
import io.siameseonnx.server.grpc.proto.OpenInference.ServerReadyRequest;
import io.siameseonnx.server.grpc.proto.OpenInference.ServerReadyResponse;
import io.siameseonnx.server.oip.InferRequest;
import io.siameseonnx.server.oip.InferResult;
import io.siameseonnx.server.oip.InferenceModel;
import io.siameseonnx.server.oip.InferenceModels;
import io.siameseonnx.server.oip.ServerMetadata;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The spec's {@code inference.GRPCInferenceService}: thin handlers over the served models, each
 * answering with its message or with the status {@link GrpcErrors} gives its failure.
 */
final class InferenceGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
  private final InferenceModels models;
  private final long maxMessageBytes;

  InferenceGrpcService(InferenceModels models, long maxMessageBytes) {
    this.models = models;
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public void serverLive(
      ServerLiveRequest request, StreamObserver<ServerLiveResponse> responseObserver) {
    answer(
        "ServerLive",
        responseObserver,
        () -> ServerLiveResponse.newBuilder().setLive(true).build());
  }

  @Override
  public void serverReady(
      ServerReadyRequest request, StreamObserver<ServerReadyResponse> responseObserver) {
    answer(
        "ServerReady",
        responseObserver,
        () -> ServerReadyResponse.newBuilder().setReady(models.ready()).build());
  }

  @Override
  public void modelReady(
      ModelReadyRequest request, StreamObserver<ModelReadyResponse> responseObserver) {
    answer(
        "ModelReady",
        responseObserver,
        () -> {
          InferenceModel model = model(request.getName(), request.getVersion());
          return ModelReadyResponse.newBuilder().setReady(model.ready()).build();
        });
  }

  @Override
  public void serverMetadata(
      ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> responseObserver) {
    answer(
        "ServerMetadata",
        responseObserver,
        () -> {
          ServerMetadata server = models.server();
          return ServerMetadataResponse.newBuilder()
              .setName(server.name())
              .setVersion(server.version())
              .addAllExtensions(server.extensions())
              .build();
        });
  }

  @Override
  public void modelMetadata(
      ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> responseObserver) {
    answer(
        "ModelMetadata",
        responseObserver,
        () -> GrpcMessages.metadata(model(request.getName(), request.getVersion()).metadata()));
  }

  /**
   * Parses, checks and queues the request on the calling thread (the transport's event loop), and
   * answers from the thread that runs its batch: no thread waits for the batcher. When the batcher
   * is idle the batch runs on the event loop itself, once the loop has handled what it read (so the
   * batch takes the requests read with this one too), and a lone call crosses no thread. A call the
   * client cancels drops its images not yet run.
   */
  @Override
  public void modelInfer(
      ModelInferRequest request, StreamObserver<ModelInferResponse> responseObserver) {
    if (request == OversizedMessages.OVERSIZED) {
      responseObserver.onError(OversizedMessages.status(maxMessageBytes));
      return;
    }
    CompletableFuture<InferResult> result;
    try {
      InferenceModel model = models.model(request.getModelName());
      OptionalLong version = version(model, request.getModelVersion());
      model.requireVersion(version);
      InferRequest inferRequest = GrpcMessages.request(request, model.limits());
      result = model.inferAsync(inferRequest, version, ThreadExecutorMap.currentExecutor());
    } catch (RuntimeException e) {
      responseObserver.onError(GrpcErrors.of(e, "ModelInfer"));
      return;
    }
    if (responseObserver instanceof ServerCallStreamObserver<ModelInferResponse> call) {
      call.setOnCancelHandler(() -> result.cancel(false));
    }
    result.whenComplete(
        (done, error) ->
            answer(
                "ModelInfer",
                responseObserver,
                () -> {
                  if (error != null) {
                    throw unwrap(error);
                  }
                  return GrpcMessages.response(done);
                }));
  }

  /** The model and version named; the version must be the one served. */
  private InferenceModel model(String name, String version) {
    InferenceModel model = models.model(name);
    model.requireVersion(version(model, version));
    return model;
  }

  private static OptionalLong version(InferenceModel model, String version) {
    return InferenceModels.version(model.name(), Optional.of(version));
  }

  /** The exception a stage of a future failed with (stages wrap it in a CompletionException). */
  private static RuntimeException unwrap(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof RuntimeException r ? r : new CompletionException(cause);
  }

  private static <T> void answer(String method, StreamObserver<T> observer, Supplier<T> body) {
    T response;
    try {
      response = body.get();
    } catch (RuntimeException e) {
      observer.onError(GrpcErrors.of(e, method));
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }
}
