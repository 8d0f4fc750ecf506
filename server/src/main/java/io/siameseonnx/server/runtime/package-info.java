/**
 * ONNX Runtime: the process-wide environment, sessions on CUDA or the CPU, and a loaded model that
 * checks its graph against its card and runs batches.
 */
package io.siameseonnx.server.runtime;
