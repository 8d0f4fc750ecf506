/**
 * The layer spec ({@link io.siameseonnx.model.spec.Layer}, one record per layer kind and a visitor
 * that every consumer implements) and the named towers users pick with {@code --arch}. A new layer
 * kind goes here first; the compiler then points at the DJL builder and the ONNX writer.
 */
package io.siameseonnx.model.spec;
