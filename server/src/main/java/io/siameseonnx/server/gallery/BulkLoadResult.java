package io.siameseonnx.server.gallery;

/**
 * What a finished bulk load did.
 *
 * @param examples examples loaded
 * @param indexSeconds from the bulk load's start to the last example indexed
 * @param commitSeconds the final flush and commit
 * @param mergeSeconds the force merge (0 when none was asked for)
 * @param segments index segments afterwards
 */
public record BulkLoadResult(
    long examples, double indexSeconds, double commitSeconds, double mergeSeconds, int segments) {}
