package io.siameseonnx.server.service;

import java.util.Optional;

/**
 * The protocol-neutral services, as one value handed to each protocol's adapters.
 *
 * @param embeddings embeds images
 * @param matching verifies pairs and ranks candidates (with the embedding model)
 * @param distances runs the distance model, when the repository has one
 * @param galleries keeps galleries of enrolled subjects, when the server has a gallery folder
 */
public record Services(
    EmbeddingService embeddings,
    MatchingService matching,
    Optional<DistanceService> distances,
    Optional<GalleryService> galleries) {

  /** The services without galleries. */
  public Services(
      EmbeddingService embeddings, MatchingService matching, Optional<DistanceService> distances) {
    this(embeddings, matching, distances, Optional.empty());
  }

  /** The services of a repository without a distance model. */
  public Services(EmbeddingService embeddings, MatchingService matching) {
    this(embeddings, matching, Optional.empty(), Optional.empty());
  }
}
