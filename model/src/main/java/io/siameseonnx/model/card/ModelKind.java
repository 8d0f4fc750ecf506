package io.siameseonnx.model.card;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The two models an export writes, with their default names in the repository and their tensors:
 * the embedding model ({@code image} [N,C,H,W] to {@code embedding} [N,D]) and the distance model
 * ({@code image_a}, {@code image_b} [N,C,H,W] to {@code distance} [N]). The trainer writes them,
 * the server loads them, and any protocol names them from here.
 */
public enum ModelKind {
  /** One image in, its embedding out. */
  EMBEDDING(ModelKind.EMBEDDING_NAME, List.of("image"), "embedding"),
  /** Two images in, the distance between their embeddings out. */
  DISTANCE(ModelKind.DISTANCE_NAME, List.of("image_a", "image_b"), "distance");

  /** The embedding model's default name (a constant, for annotations). */
  public static final String EMBEDDING_NAME = "siamese-embedding";

  /** The distance model's default name (a constant, for annotations). */
  public static final String DISTANCE_NAME = "siamese-distance";

  private final String defaultName;
  private final List<String> inputNames;
  private final String outputName;

  ModelKind(String defaultName, List<String> inputNames, String outputName) {
    this.defaultName = defaultName;
    this.inputNames = inputNames;
    this.outputName = outputName;
  }

  /** The model's folder name in a repository unless told otherwise. */
  public String defaultName() {
    return defaultName;
  }

  /** The image inputs' names, in order. */
  public List<String> inputNames() {
    return inputNames;
  }

  /** The output's name. */
  public String outputName() {
    return outputName;
  }

  /** The lower-case name used in logs and cards ({@code embedding}, {@code distance}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The input tensors for images of {@code chw} (channels, height, width), batch first. */
  public List<TensorSpec> inputs(long[] chw) {
    List<TensorSpec> inputs = new ArrayList<>();
    for (String name : inputNames) {
      inputs.add(TensorSpec.float32(name, -1, chw[0], chw[1], chw[2]));
    }
    return inputs;
  }

  /** The output tensor for embeddings of {@code dimension} values, batch first. */
  public TensorSpec output(int dimension) {
    return this == EMBEDDING
        ? TensorSpec.float32(outputName, -1, dimension)
        : TensorSpec.float32(outputName, -1);
  }

  /** The kind whose tensors a card lists, by the number of its image inputs. */
  public static Optional<ModelKind> of(ModelCard card) {
    for (ModelKind kind : values()) {
      if (card.inputs().size() == kind.inputNames.size()) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
