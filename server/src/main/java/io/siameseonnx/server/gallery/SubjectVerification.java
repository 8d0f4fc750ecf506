package io.siameseonnx.server.gallery;

/**
 * The answer to "is this that subject?": the query against the subject's nearest example.
 *
 * @param subject the subject
 * @param distance the distance to its nearest example
 * @param similar whether it is below the threshold
 * @param threshold the threshold applied
 * @param exampleId the nearest example
 */
public record SubjectVerification(
    String subject, double distance, boolean similar, double threshold, String exampleId) {}
