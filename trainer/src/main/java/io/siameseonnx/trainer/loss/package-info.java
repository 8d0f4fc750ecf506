/** Losses for Siamese training: contrastive (the seed's) and triplet. */
package io.siameseonnx.trainer.loss;
