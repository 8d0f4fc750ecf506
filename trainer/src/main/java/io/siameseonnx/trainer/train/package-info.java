/**
 * The training stages: classifier pretraining and Siamese fine-tuning, their configurations (built
 * from named settings, put together in a {@link io.siameseonnx.trainer.train.Recipe}) and their
 * epoch schedules.
 */
package io.siameseonnx.trainer.train;
