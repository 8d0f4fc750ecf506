package io.siameseonnx.server.gallery;

/**
 * What a finished bulk load did.
 *
 * @param examples examples loaded
 * @param indexSeconds from the bulk load's start to the last example indexed
 * @param commitSeconds the final flush (and commit, when there is no merge)
 * @param mergeSeconds the force merge and its commit (0 when there was none)
 * @param segments index segments afterwards
 */
public record BulkLoadResult(
    long examples, double indexSeconds, double commitSeconds, double mergeSeconds, int segments) {}
