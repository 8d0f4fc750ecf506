package io.siameseonnx.server.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.siameseonnx.model.card.InvalidModelCardException;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.model.card.ModelKind;
import io.siameseonnx.model.card.TensorSpec;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the server requires of a model: a model card in the ONNX metadata whose tensors are those of
 * the expected {@link ModelKind}, float32 image inputs {@code [N,C,H,W]} with a dynamic batch and
 * the card's preprocessing size, and a float32 output ({@code [N,D]} embeddings with D the card's
 * embedding dimension, or {@code [N]} distances). The checks read the facts back from the loaded
 * session, so a card that disagrees with its graph is caught at load.
 */
public final class ModelContract {
  private ModelContract() {}

  /**
   * The validated tensors of a model.
   *
   * @param card the card read from the model
   * @param kind which of the two models it is
   * @param inputNames the image inputs, in order
   * @param outputName the output
   */
  public record Checked(
      ModelCard card, ModelKind kind, List<String> inputNames, String outputName) {
    /** Copies the names. */
    public Checked {
      inputNames = List.copyOf(inputNames);
    }
  }

  /** Reads the card from the session's metadata and checks the session against it. */
  public static Checked check(OrtSession session, Path file, ModelKind expected)
      throws ModelLoadException {
    ModelCard card = readCard(session, file);
    ModelKind kind =
        ModelKind.of(card)
            .orElseThrow(
                () ->
                    new ModelLoadException(
                        file,
                        "the model card lists "
                            + card.inputs().size()
                            + " inputs; an embedding model has 1 and a distance model 2"));
    if (kind != expected) {
      throw new ModelLoadException(
          file,
          "this is "
              + article(kind)
              + " model (its card lists "
              + card.inputs().size()
              + " image inputs); "
              + article(expected)
              + " model was expected here");
    }
    if (card.outputs().isEmpty()) {
      throw new ModelLoadException(file, "the model card lists no output");
    }
    PreprocessingSpec spec = card.preprocessing();
    List<Long> imageShape =
        List.of(-1L, (long) spec.channels(), (long) spec.height(), (long) spec.width());
    List<Long> outputShape =
        kind == ModelKind.EMBEDDING ? List.of(-1L, (long) card.embeddingDimension()) : List.of(-1L);
    for (TensorSpec input : card.inputs()) {
      checkCardTensor(file, "input", input, imageShape);
    }
    TensorSpec output = card.outputs().get(0);
    checkCardTensor(file, "output", output, outputShape);
    List<String> inputNames = new ArrayList<>();
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      for (TensorSpec input : card.inputs()) {
        if (inputs.size() != card.inputs().size() || !inputs.containsKey(input.name())) {
          throw new ModelLoadException(
              file,
              "the model card names input '"
                  + input.name()
                  + "' but the graph's inputs are "
                  + inputs.keySet());
        }
        checkImageInput(file, input.name(), inputs.get(input.name()), spec);
        inputNames.add(input.name());
      }
      if (!outputs.containsKey(output.name())) {
        throw new ModelLoadException(
            file,
            "the model card names output '"
                + output.name()
                + "' but the graph's outputs are "
                + outputs.keySet());
      }
      long[] out = floatShape(file, "output", outputs.get(output.name()));
      boolean ok =
          kind == ModelKind.EMBEDDING
              ? out.length == 2 && (out[1] == -1 || out[1] == card.embeddingDimension())
              : out.length == 1;
      if (!ok) {
        throw new ModelLoadException(
            file,
            "output '"
                + output.name()
                + "' has shape "
                + Arrays.toString(out)
                + (kind == ModelKind.EMBEDDING
                    ? " but the card's embedding_dimension is "
                        + card.embeddingDimension()
                        + " (expected [N, "
                        + card.embeddingDimension()
                        + "])"
                    : " but a distance model outputs one distance an item (expected [N])"));
      }
    } catch (OrtException e) {
      throw new ModelLoadException(
          file, "cannot read the graph's inputs and outputs: " + e.getMessage(), e);
    }
    return new Checked(card, kind, inputNames, output.name());
  }

  private static void checkImageInput(Path file, String name, NodeInfo node, PreprocessingSpec spec)
      throws ModelLoadException {
    long[] in = floatShape(file, "input", node);
    if (in.length != 4
        || in[1] != spec.channels()
        || in[2] != spec.height()
        || in[3] != spec.width()) {
      throw new ModelLoadException(
          file,
          "input '"
              + name
              + "' has shape "
              + Arrays.toString(in)
              + " but the card's preprocessing needs [N, "
              + spec.channels()
              + ", "
              + spec.height()
              + ", "
              + spec.width()
              + "]");
    }
    if (in[0] != -1) {
      throw new ModelLoadException(
          file,
          "input '"
              + name
              + "' has a fixed batch size of "
              + in[0]
              + "; the server batches requests and needs a dynamic batch dimension");
    }
  }

  private static String article(ModelKind kind) {
    return kind == ModelKind.EMBEDDING ? "an embedding" : "a distance";
  }

  private static ModelCard readCard(OrtSession session, Path file) throws ModelLoadException {
    Map<String, String> metadata;
    try {
      metadata = session.getMetadata().getCustomMetadata();
    } catch (OrtException e) {
      throw new ModelLoadException(file, "cannot read the ONNX metadata: " + e.getMessage(), e);
    }
    String json = metadata.get(ModelCard.METADATA_KEY);
    if (json == null || json.isBlank()) {
      throw new ModelLoadException(
          file,
          "no model card in the ONNX metadata (metadata_props key '"
              + ModelCard.METADATA_KEY
              + "'); was it exported by the trainer?");
    }
    try {
      return ModelCards.fromJson(json);
    } catch (InvalidModelCardException | IllegalArgumentException e) {
      throw new ModelLoadException(
          file, "the model card in the ONNX metadata is invalid: " + e.getMessage(), e);
    }
  }

  private static void checkCardTensor(
      Path file, String role, TensorSpec tensor, List<Long> expected) throws ModelLoadException {
    if (!"float32".equals(tensor.dtype())) {
      throw new ModelLoadException(
          file,
          "the model card's "
              + role
              + " '"
              + tensor.name()
              + "' is "
              + tensor.dtype()
              + ", not float32");
    }
    List<Long> shape = tensor.shape();
    boolean matches = shape.size() == expected.size();
    for (int i = 1; matches && i < shape.size(); i++) {
      matches = shape.get(i).equals(expected.get(i));
    }
    if (!matches) {
      throw new ModelLoadException(
          file,
          "the model card's "
              + role
              + " '"
              + tensor.name()
              + "' has shape "
              + shape
              + " but its preprocessing and embedding_dimension say "
              + expected);
    }
  }

  private static long[] floatShape(Path file, String role, NodeInfo node)
      throws ModelLoadException {
    if (!(node.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
      throw new ModelLoadException(
          file, role + " '" + node.getName() + "' is " + node.getInfo() + ", not a float32 tensor");
    }
    return info.getShape();
  }
}
