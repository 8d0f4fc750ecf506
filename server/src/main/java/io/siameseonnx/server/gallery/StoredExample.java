package io.siameseonnx.server.gallery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An example as the gallery stores it, with everything needed to move it to another store or
 * re-embed it: what export writes and import and bulk loads read.
 *
 * @param id the id the store assigned (stable across re-embedding, export and import)
 * @param subject who or what the example shows
 * @param metadata the client's JSON object about it
 * @param model the model that computed {@code embedding}
 * @param enrolledAt when it was enrolled
 * @param embedding its embedding
 * @param tensor its preprocessed input
 */
public record StoredExample(
    String id,
    String subject,
    Optional<ObjectNode> metadata,
    ModelRef model,
    Instant enrolledAt,
    float[] embedding,
    float[] tensor) {

  /** Checks for nulls and the id's form. */
  public StoredExample {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(enrolledAt, "enrolledAt");
    Objects.requireNonNull(embedding, "embedding");
    Objects.requireNonNull(tensor, "tensor");
    ExampleIds.check(id);
  }

  /** The same example with an embedding by another model. */
  public StoredExample reembedded(ModelRef newModel, float[] newEmbedding) {
    return new StoredExample(id, subject, metadata, newModel, enrolledAt, newEmbedding, tensor);
  }

  /** What a listing shows of it. */
  public ExampleInfo info() {
    return new ExampleInfo(id, subject, metadata, model, enrolledAt);
  }
}
