/**
 * Distances between embeddings, computed the same way by the trainer, the exported graph and the
 * server.
 */
package io.siameseonnx.shared.distance;
