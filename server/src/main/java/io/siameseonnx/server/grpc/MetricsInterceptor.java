package io.siameseonnx.server.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.siameseonnx.server.metrics.ServerMetrics;

/** Records every gRPC call, by method and status code, as HTTP's request log does for routes. */
final class MetricsInterceptor implements ServerInterceptor {
  private final ServerMetrics metrics;

  MetricsInterceptor(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    long start = System.nanoTime();
    String method = call.getMethodDescriptor().getBareMethodName();
    ServerCall<Q, R> timed =
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            metrics.recordGrpcCall(method, status.getCode().name(), System.nanoTime() - start);
            super.close(status, trailers);
          }
        };
    return next.startCall(timed, headers);
  }
}
