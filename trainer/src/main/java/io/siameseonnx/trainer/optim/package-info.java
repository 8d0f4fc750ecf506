/** Optimisers that DJL's PyTorch engine lacks, written with NDArray operations. */
package io.siameseonnx.trainer.optim;
