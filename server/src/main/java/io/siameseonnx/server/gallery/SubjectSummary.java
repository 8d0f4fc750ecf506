package io.siameseonnx.server.gallery;

/**
 * A subject in a listing.
 *
 * @param subject the subject
 * @param examples how many examples it has
 */
public record SubjectSummary(String subject, int examples) {}
