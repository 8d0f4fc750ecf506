/** The training stages: classifier pretraining and Siamese fine-tuning, with their schedules. */
package io.siameseonnx.trainer.train;
