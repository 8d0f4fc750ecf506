/**
 * A training run as stages handing an explicit run state on: where the data come from, pretraining
 * (or its reused checkpoint), Siamese fine-tuning, evaluation, then the checkpoint, {@code
 * metrics.json} and plots it leaves behind.
 */
package io.siameseonnx.trainer.pipeline;
