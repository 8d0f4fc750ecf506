/**
 * The whole run: data -> pretraining -> Siamese fine-tuning -> evaluation -> checkpoint -> export.
 */
package io.siameseonnx.trainer.pipeline;
