package io.siameseonnx.server.http.v1;

import io.siameseonnx.server.matching.Match;
import java.util.List;

/**
 * The answer to {@code POST /v1/distances}.
 *
 * @param model the model's name
 * @param version the model version
 * @param metric the distance metric
 * @param threshold the threshold used
 * @param results pairs in request order, or candidates nearest first
 */
public record DistancesResponse(
    String model, long version, String metric, double threshold, List<Match> results) {}
