/**
 * Training data without DJL: the embedded digits, MNIST-format IDX files, image folders, pair lists
 * and the seed's synthetic rectangles, all as preprocessed float arrays.
 */
package io.siameseonnx.trainer.data;
