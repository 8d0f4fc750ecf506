package io.siameseonnx.server.matching;

/**
 * One comparison's outcome.
 *
 * @param index the pair's index, or the candidate's index in the request
 * @param distance the distance between the two embeddings
 * @param similar whether the distance is below the threshold
 */
public record Match(int index, double distance, boolean similar) {}
