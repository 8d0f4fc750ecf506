/**
 * Evaluation: verification metrics from pair distances, threshold calibration, one-shot episodes.
 */
package io.siameseonnx.trainer.eval;
