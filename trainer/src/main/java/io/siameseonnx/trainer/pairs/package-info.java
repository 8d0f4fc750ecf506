/**
 * Where Siamese training pairs come from (the seed's rectangles, labelled images, a pairs CSV),
 * with their validation and test pairs, and the class-balanced batches that triplet, mining and
 * supcon training draw instead.
 */
package io.siameseonnx.trainer.pairs;
