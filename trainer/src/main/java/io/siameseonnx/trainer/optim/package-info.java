/**
 * Optimiser pieces DJL's PyTorch engine lacks: RMSprop written with NDArray operations, and a
 * learning rate the epoch schedule can lower on a plateau.
 */
package io.siameseonnx.trainer.optim;
