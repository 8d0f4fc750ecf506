package io.siameseonnx.server.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.siameseonnx.server.grpc.proto.GRPCInferenceServiceGrpc;
import io.siameseonnx.server.http.ApiKeyAuth;
import java.util.Optional;
import java.util.Set;

/**
 * Requires the HTTP API's keys on every call but the health checks ({@code ServerLive}, {@code
 * ServerReady}), as {@code authorization: Bearer <key>} metadata; refused calls end with {@code
 * UNAUTHENTICATED}.
 */
final class ApiKeyInterceptor implements ServerInterceptor {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Set<String> OPEN =
      Set.of(
          GRPCInferenceServiceGrpc.getServerLiveMethod().getFullMethodName(),
          GRPCInferenceServiceGrpc.getServerReadyMethod().getFullMethodName());

  private final ApiKeyAuth auth;

  ApiKeyInterceptor(ApiKeyAuth auth) {
    this.auth = auth;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (auth.enabled() && !OPEN.contains(call.getMethodDescriptor().getFullMethodName())) {
      Optional<String> refused = auth.refusal(headers.get(AUTHORIZATION));
      if (refused.isPresent()) {
        call.close(Status.UNAUTHENTICATED.withDescription(refused.get()), new Metadata());
        return new ServerCall.Listener<>() {};
      }
    }
    return next.startCall(call, headers);
  }
}
