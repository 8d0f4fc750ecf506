/**
 * Evaluation: embedding functions (a DJL tower, an exported ONNX model, raw pixels), verification
 * figures from pair distances, threshold calibration, N-way k-shot episodes.
 */
package io.siameseonnx.trainer.eval;
