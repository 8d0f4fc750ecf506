/**
 * Losses for Siamese training: contrastive (the seed's), triplet, online mining in class-balanced
 * batches and supervised contrastive, with the distances they measure under the recipe's metric.
 */
package io.siameseonnx.trainer.loss;
