package io.siameseonnx.server.repository;

import io.siameseonnx.server.inference.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A model's folder in a repository laid out as Triton's: {@code <root>/<name>/<version>/model.onnx}
 * with positive integer versions, the newest being the highest. Folders whose name is not a
 * positive integer, or that hold no {@code model.onnx}, are ignored (they may be another tool's, or
 * a version still being written under a temporary name).
 */
public final class ModelRepository {
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");

  private final Path root;
  private final String modelName;

  /** A view of {@code root/modelName}. */
  public ModelRepository(Path root, String modelName) {
    this.root = root;
    this.modelName = modelName;
  }

  /** The model's folder. */
  public Path modelDir() {
    return root.resolve(modelName);
  }

  /**
   * The versions present, oldest first.
   *
   * @throws ModelLoadException when the model's folder does not exist or cannot be read
   */
  public List<ModelVersion> versions() throws ModelLoadException {
    Path dir = modelDir();
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException(
          "model folder "
              + dir
              + " does not exist (expected "
              + dir
              + "/<version>/model.onnx; set --model-repo)");
    }
    List<ModelVersion> versions = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : children.toList()) {
        String name = child.getFileName().toString();
        if (VERSION.matcher(name).matches()
            && Files.isDirectory(child)
            && Files.isRegularFile(child.resolve(ModelVersion.MODEL_FILE))) {
          versions.add(new ModelVersion(Integer.parseInt(name), child));
        }
      }
    } catch (IOException e) {
      throw new ModelLoadException("cannot list model folder " + dir + ": " + e.getMessage());
    }
    versions.sort(Comparator.comparingInt(ModelVersion::number));
    return versions;
  }

  /** The newest version, if any. */
  public Optional<ModelVersion> newest() throws ModelLoadException {
    return newestOf(versions());
  }

  /** The last of versions listed oldest first, if any. */
  static Optional<ModelVersion> newestOf(List<ModelVersion> versions) {
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }
}
