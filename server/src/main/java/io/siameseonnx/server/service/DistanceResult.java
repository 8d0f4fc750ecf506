package io.siameseonnx.server.service;

import io.siameseonnx.server.models.ModelInfo;

/**
 * The distance model's answer for one request's pairs, in request order.
 *
 * @param model the model version that computed every distance of the request
 * @param distances one distance a pair
 */
public record DistanceResult(ModelInfo model, float[] distances) {}
