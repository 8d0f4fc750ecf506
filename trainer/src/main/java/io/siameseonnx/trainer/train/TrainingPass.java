package io.siameseonnx.trainer.train;

/**
 * What one epoch's pass over the training data did, as the epoch loop returns it.
 *
 * @param loss mean training loss of the pass
 * @param accuracy training accuracy (NaN where not defined, as for pairs)
 * @param samples training samples seen
 */
record TrainingPass(double loss, double accuracy, long samples) {}
