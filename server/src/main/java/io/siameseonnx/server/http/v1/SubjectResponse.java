package io.siameseonnx.server.http.v1;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siameseonnx.server.gallery.ExampleInfo;
import io.siameseonnx.server.gallery.ModelRef;
import java.util.List;

/**
 * {@code GET /v1/galleries/{g}/subjects/{s}}: a subject's examples, oldest first (without their
 * tensors and embeddings).
 *
 * @param subject the subject
 * @param examples its examples
 */
public record SubjectResponse(String subject, List<Example> examples) {

  /**
   * One example.
   *
   * @param id its id
   * @param metadata the client's JSON object, or null
   * @param model the model version that embedded it
   * @param enrolledAt when it was enrolled (ISO-8601)
   */
  public record Example(String id, ObjectNode metadata, ModelRef model, String enrolledAt) {}

  /** The response for a subject's examples. */
  public static SubjectResponse of(String subject, List<ExampleInfo> examples) {
    return new SubjectResponse(
        subject,
        examples.stream()
            .map(
                e ->
                    new Example(
                        e.id(), e.metadata().orElse(null), e.model(), e.enrolledAt().toString()))
            .toList());
  }
}
