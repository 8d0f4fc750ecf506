/**
 * The model repository in Triton's layout: folder and file names, the version rule, {@code
 * config.pbtxt}, and atomic multi-model version writes.
 */
package io.siameseonnx.model.repository;
