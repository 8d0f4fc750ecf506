package io.siameseonnx.server.service;

import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.server.models.ModelInfo;

/**
 * Embeddings together with the preprocessed inputs they came from and the card of the model that
 * computed them: what a gallery stores, so that a new model can re-embed it without the images.
 *
 * @param model the model version that computed every embedding
 * @param card that version's model card
 * @param inputs one preprocessed input tensor an image (C x H x W floats)
 * @param embeddings one embedding an image
 */
public record PreparedEmbeddings(
    ModelInfo model, ModelCard card, float[][] inputs, float[][] embeddings) {}
