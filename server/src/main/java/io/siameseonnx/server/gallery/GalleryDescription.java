package io.siameseonnx.server.gallery;

import java.time.Instant;
import java.util.Optional;

/**
 * What a gallery is and holds.
 *
 * @param name its name
 * @param createdAt when it was created
 * @param settings what its client set
 * @param threshold the threshold in force: the gallery's own, else its model's
 * @param examples enrolled examples
 * @param subjects distinct subjects
 * @param model the model version its embeddings come from
 * @param rebuild the running (or last) re-embedding, if any
 */
public record GalleryDescription(
    String name,
    Instant createdAt,
    GallerySettings settings,
    double threshold,
    long examples,
    long subjects,
    ModelStamp model,
    Optional<RebuildProgress> rebuild) {}
