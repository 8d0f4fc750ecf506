package io.siameseonnx.server.service;

/**
 * The protocol-neutral services, as one value handed to each protocol's adapters.
 *
 * @param embeddings embeds images
 * @param matching verifies pairs and ranks candidates
 */
public record Services(EmbeddingService embeddings, MatchingService matching) {}
