/**
 * The dynamic batcher: coalesces the items of concurrent requests into one model call, with a
 * bounded queue, and runs them through a small interface so it is tested without ONNX Runtime.
 */
package io.siameseonnx.server.batching;
