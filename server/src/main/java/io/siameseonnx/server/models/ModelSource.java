package io.siameseonnx.server.models;

import io.siameseonnx.model.repository.ModelRepository;
import io.siameseonnx.server.runtime.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One model of a repository as the server sees it: its loadable versions (version folders that hold
 * a model file, by the repository's own layout rules), oldest first.
 */
public final class ModelSource {
  private final ModelRepository repository;
  private final String modelName;

  /** The model {@code modelName} of the repository at {@code root}. */
  public ModelSource(Path root, String modelName) {
    this.repository = new ModelRepository(root);
    this.modelName = ModelRepository.checkName(modelName);
  }

  /** The model's name. */
  public String modelName() {
    return modelName;
  }

  /** The repository's root. */
  public Path root() {
    return repository.root();
  }

  /** A file of the repository as a path relative to its root, with forward slashes. */
  public String relative(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path rel = abs.startsWith(root()) ? root().relativize(abs) : abs;
    return rel.toString().replace('\\', '/');
  }

  /** A failure's message with the repository's absolute root taken out of the paths in it. */
  public String relativeMessage(String message) {
    return message == null ? null : message.replace(root() + java.io.File.separator, "");
  }

  /** The model's folder. */
  public Path modelDir() {
    return repository.modelDir(modelName);
  }

  /**
   * The versions that hold a model file, oldest first.
   *
   * @throws ModelLoadException when the model's folder does not exist or cannot be read
   */
  public List<ModelRepository.Version> versions() throws ModelLoadException {
    Path dir = modelDir();
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException(
          "model folder "
              + dir
              + " does not exist (expected "
              + dir
              + "/<version>/model.onnx). Train and export a model into it with: java -jar"
              + " trainer/target/siamese-trainer.jar train --model-repo "
              + root()
              + " (or point --model-repo at another repository)");
    }
    try {
      return repository.versions(modelName).stream()
          .filter(ModelRepository.Version::hasModelFile)
          .toList();
    } catch (IOException e) {
      throw new ModelLoadException("cannot list model folder " + dir + ": " + e.getMessage());
    }
  }
}
