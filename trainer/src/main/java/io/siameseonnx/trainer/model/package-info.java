/**
 * The network: a plain layer spec, the named architectures built from it, and the DJL blocks built
 * from the spec (the ONNX writer walks the same spec).
 */
package io.siameseonnx.trainer.model;
