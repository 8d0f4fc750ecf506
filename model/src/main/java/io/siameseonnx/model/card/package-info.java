/**
 * The model card: what a trained model is, how its inputs are prepared and how its outputs are
 * read.
 */
package io.siameseonnx.model.card;
