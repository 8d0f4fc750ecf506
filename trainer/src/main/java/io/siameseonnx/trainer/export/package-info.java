/**
 * ONNX export of a trained tower: the graph written from the layer spec, the model card inside and
 * beside it, a Triton model repository written atomically, and a check against DJL's forward pass.
 */
package io.siameseonnx.trainer.export;
