/**
 * The Open Inference Protocol over gRPC: the spec's {@code inference.GRPCInferenceService}
 * (messages and stubs generated from {@code src/main/proto}) served with grpc-java, as a thin
 * adapter over {@code oip}, with the same API keys, the same admission and its own request metrics.
 */
package io.siameseonnx.server.grpc;
