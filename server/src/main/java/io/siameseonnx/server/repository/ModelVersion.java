package io.siameseonnx.server.repository;

import java.nio.file.Path;

/**
 * One version folder of a model in the repository.
 *
 * @param number the version, a positive integer (the folder's name)
 * @param dir the version folder
 */
public record ModelVersion(int number, Path dir) {
  /** The model file's name inside a version folder. */
  public static final String MODEL_FILE = "model.onnx";

  /** The ONNX file. */
  public Path modelFile() {
    return dir.resolve(MODEL_FILE);
  }
}
