/**
 * {@code siamese-server bench gallery}: how a gallery's index settings trade indexing speed, open
 * time, memory, search latency and recall on a million clustered vectors.
 */
package io.siameseonnx.server.gallery.bench;
