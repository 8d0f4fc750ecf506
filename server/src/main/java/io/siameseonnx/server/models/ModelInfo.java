package io.siameseonnx.server.models;

import io.siameseonnx.server.runtime.Device;
import io.siameseonnx.shared.distance.Metric;

/**
 * The facts about a served model that responses carry; a snapshot that stays valid after the model
 * is unloaded.
 *
 * @param name model name from its card
 * @param version repository version
 * @param dimension embedding length
 * @param metric distance metric from the card
 * @param threshold the card's decision threshold: similar when the distance is below it
 * @param device where the model runs
 */
public record ModelInfo(
    String name, long version, int dimension, Metric metric, double threshold, Device device) {}
