package io.siameseonnx.server.gallery;

/**
 * A subject among an identification's results, at its nearest example's distance.
 *
 * @param subject the subject
 * @param exampleId its example nearest to the query
 * @param distance that example's distance to the query
 * @param similar whether the distance is below the threshold
 */
public record SubjectMatch(String subject, String exampleId, double distance, boolean similar) {}
