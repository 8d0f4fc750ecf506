/**
 * Plots a person can read, written as PNG files beside the metrics: training curves, ROC curve,
 * distance histograms and a grid of example pairs.
 */
package io.siameseonnx.trainer.report;
