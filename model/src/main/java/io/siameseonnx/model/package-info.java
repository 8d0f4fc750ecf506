/**
 * What a model is, in one place, with no DJL, ONNX Runtime or Javalin: {@code spec} (the layer spec
 * and named towers), {@code onnx} (the ONNX graph writer), {@code card} (the model card and the two
 * model kinds) and {@code repository} (the model repository's layout). The trainer builds DJL
 * blocks from the same spec and hands the writer its weights; the server reads the repository and
 * the cards.
 */
package io.siameseonnx.model;
