/**
 * The Open Inference Protocol (KServe v2) in no wire format: requests and responses of tensors,
 * model metadata and readiness, and the served models as the protocol sees them (their tensors
 * checked and turned into the protocol-neutral services' inputs). Its REST adapter is {@code
 * http.v2}, its gRPC adapter {@code grpc}.
 */
package io.siameseonnx.server.oip;
