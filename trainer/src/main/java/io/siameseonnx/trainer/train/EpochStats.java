package io.siameseonnx.trainer.train;

/**
 * The figures of one epoch.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss
 * @param trainAccuracy training accuracy (NaN where not defined)
 * @param valLoss validation loss
 * @param valAccuracy validation accuracy
 * @param learningRate the rate used in this epoch
 * @param seconds wall time of the epoch
 * @param samples training samples seen in the epoch
 */
public record EpochStats(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double learningRate,
    double seconds,
    long samples) {}
