/** Pair verdicts and 1:N ranking over embeddings: plain math, no HTTP and no ONNX Runtime. */
package io.siameseonnx.server.matching;
