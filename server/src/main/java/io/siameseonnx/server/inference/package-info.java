/** ONNX Runtime sessions, the embedder that owns them and the dynamic batcher that feeds them. */
package io.siameseonnx.server.inference;
