package io.siameseonnx.server.gallery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a client sets on a gallery when it creates it.
 *
 * @param threshold the decision threshold for identify and verify; without one, the model's
 * @param metadata the client's JSON object about the gallery (at most 4 KB)
 */
public record GallerySettings(OptionalDouble threshold, Optional<ObjectNode> metadata) {

  /** No threshold, no metadata. */
  public static final GallerySettings NONE =
      new GallerySettings(OptionalDouble.empty(), Optional.empty());

  /** Checks the values and copies the metadata. */
  public GallerySettings {
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(metadata, "metadata");
    if (threshold.isPresent()) {
      Limits.checkThreshold(threshold.getAsDouble());
    }
    metadata.ifPresent(Limits::metadataJson);
    metadata = metadata.map(ObjectNode::deepCopy);
  }

  /** A copy of the metadata (the record keeps its own). */
  @Override
  public Optional<ObjectNode> metadata() {
    return metadata.map(ObjectNode::deepCopy);
  }
}
