package io.siameseonnx.server.gallery;

/**
 * One of the examples nearest to a query.
 *
 * @param exampleId its id
 * @param subject its subject
 * @param distance its distance to the query, in the gallery model's metric, computed exactly from
 *     the stored vectors
 */
public record Neighbour(String exampleId, String subject, double distance) {}
