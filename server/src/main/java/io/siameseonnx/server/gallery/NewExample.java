package io.siameseonnx.server.gallery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One example to enrol: the preprocessed input (kept, so that a new model can re-embed the gallery
 * without the original image) and its embedding by the gallery's model.
 *
 * @param tensor the preprocessed input, C x H x W floats
 * @param embedding the model's embedding of it
 * @param metadata the client's JSON object about the example (at most 4 KB)
 */
public record NewExample(float[] tensor, float[] embedding, Optional<ObjectNode> metadata) {
  /** Checks for nulls. */
  public NewExample {
    Objects.requireNonNull(tensor, "tensor");
    Objects.requireNonNull(embedding, "embedding");
    Objects.requireNonNull(metadata, "metadata");
  }
}
