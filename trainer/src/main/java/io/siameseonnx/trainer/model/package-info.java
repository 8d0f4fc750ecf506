/**
 * The DJL side of a tower: blocks built from the model module's layer spec (the ONNX writer walks
 * the same spec), checkpoints on disk, the weights handed to the ONNX writer, and inference on
 * plain arrays.
 */
package io.siameseonnx.trainer.model;
