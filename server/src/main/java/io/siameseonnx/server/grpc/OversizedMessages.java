package io.siameseonnx.server.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.siameseonnx.server.grpc.proto.GRPCInferenceServiceGrpc;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest;
import java.io.InputStream;

/**
 * A compressed {@code ModelInfer} request that inflates past the message limit, answered {@code
 * RESOURCE_EXHAUSTED} as an uncompressed one over the limit is. grpc-java learns the inflated size
 * only while parsing, and a parse failure ends the call with {@code UNKNOWN} "Application error
 * processing RPC" (grpc-java issue 11246); so the request's parser hands the handler a marker
 * instead, and the handler answers with the parser's status.
 */
final class OversizedMessages {
  /** What the parser returns for a message over the limit (compared by identity). */
  static final ModelInferRequest OVERSIZED =
      ModelInferRequest.newBuilder().setId("oversized").build();

  private OversizedMessages() {}

  /** The status a call whose request was {@link #OVERSIZED} ends with. */
  static StatusRuntimeException status(long maxMessageBytes) {
    return Status.RESOURCE_EXHAUSTED
        .withDescription(
            "the request's message inflates to more than the limit of "
                + maxMessageBytes
                + " bytes")
        .asRuntimeException();
  }

  /** {@code service} with {@code ModelInfer}'s request parser marking oversized messages. */
  @SuppressWarnings("unchecked")
  static ServerServiceDefinition marking(ServerServiceDefinition service) {
    ServerServiceDefinition.Builder marked =
        ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
    String modelInfer = GRPCInferenceServiceGrpc.getModelInferMethod().getFullMethodName();
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      if (method.getMethodDescriptor().getFullMethodName().equals(modelInfer)) {
        var infer = (ServerMethodDefinition<ModelInferRequest, Object>) method;
        MethodDescriptor<ModelInferRequest, Object> descriptor =
            infer.getMethodDescriptor().toBuilder()
                .setRequestMarshaller(marking(infer.getMethodDescriptor().getRequestMarshaller()))
                .build();
        ServerCallHandler<ModelInferRequest, Object> handler = infer.getServerCallHandler();
        marked.addMethod(descriptor, handler);
      } else {
        marked.addMethod(method);
      }
    }
    return marked.build();
  }

  private static MethodDescriptor.Marshaller<ModelInferRequest> marking(
      MethodDescriptor.Marshaller<ModelInferRequest> parser) {
    return new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(ModelInferRequest value) {
        return parser.stream(value);
      }

      @Override
      public ModelInferRequest parse(InputStream stream) {
        try {
          return parser.parse(stream);
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            return OVERSIZED;
          }
          throw e;
        }
      }
    };
  }
}
