/** Where Siamese training pairs come from: the seed's rectangles, labelled folders, a pairs CSV. */
package io.siameseonnx.trainer.pairs;
