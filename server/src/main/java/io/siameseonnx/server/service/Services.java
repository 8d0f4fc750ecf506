package io.siameseonnx.server.service;

import java.util.Optional;

/**
 * The protocol-neutral services, as one value handed to each protocol's adapters.
 *
 * @param embeddings embeds images
 * @param matching verifies pairs and ranks candidates (with the embedding model)
 * @param distances runs the distance model, when the repository has one
 */
public record Services(
    EmbeddingService embeddings, MatchingService matching, Optional<DistanceService> distances) {

  /** The services of a repository without a distance model. */
  public Services(EmbeddingService embeddings, MatchingService matching) {
    this(embeddings, matching, Optional.empty());
  }
}
