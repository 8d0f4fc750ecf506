package io.siameseonnx.server.gallery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * An enrolled example as listings show it (without its tensor and embedding).
 *
 * @param id its id
 * @param subject its subject
 * @param metadata the client's JSON object about it
 * @param model the model that embedded it
 * @param enrolledAt when it was enrolled
 */
public record ExampleInfo(
    String id, String subject, Optional<ObjectNode> metadata, ModelRef model, Instant enrolledAt) {}
