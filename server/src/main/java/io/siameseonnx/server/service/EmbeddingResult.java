package io.siameseonnx.server.service;

import io.siameseonnx.server.models.ModelInfo;

/**
 * The embeddings of one request's images, in request order, and the model that computed them.
 *
 * @param model the model version that computed every embedding of the request
 * @param embeddings one embedding an image
 */
public record EmbeddingResult(ModelInfo model, float[][] embeddings) {}
