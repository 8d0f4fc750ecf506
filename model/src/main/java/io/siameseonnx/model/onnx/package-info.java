/**
 * Writes ONNX graphs from a tower spec: a typed operator list, a graph builder that checks each
 * node against it, the tower writer (weights through a lookup) and the embedding and distance
 * models of an export.
 */
package io.siameseonnx.model.onnx;
