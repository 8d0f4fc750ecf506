/**
 * The Open Inference Protocol (KServe v2) over HTTP/REST under {@code /v2}, with Triton's binary
 * tensor data extension: thin handlers over {@code oip}, and the protocol's error shape ({@code
 * {"error": "..."}}).
 */
package io.siameseonnx.server.http.v2;
