package io.siameseonnx.server.http.v1;

/**
 * The answer to {@code POST /v1/distance}.
 *
 * @param model the model's name
 * @param version the model version
 * @param metric the distance metric
 * @param distance the distance between the two embeddings
 * @param similar whether the distance is below the threshold
 * @param threshold the threshold used
 */
public record DistanceResponse(
    String model,
    long version,
    String metric,
    double distance,
    boolean similar,
    double threshold) {}
