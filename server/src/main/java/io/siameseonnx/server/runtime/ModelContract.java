package io.siameseonnx.server.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.siameseonnx.model.card.InvalidModelCardException;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.model.card.TensorSpec;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the server requires of an embedding model: a model card in the ONNX metadata, one float32
 * input {@code [N,C,H,W]} with a dynamic batch and the card's preprocessing size, and a float32
 * output {@code [N,D]} with D the card's embedding dimension. The checks read the facts back from
 * the loaded session, so a card that disagrees with its graph is caught at load.
 */
public final class ModelContract {
  private ModelContract() {}

  /**
   * The validated tensors of an embedding model.
   *
   * @param card the card read from the model
   * @param inputName the image input
   * @param outputName the embedding output
   */
  public record Checked(ModelCard card, String inputName, String outputName) {}

  /** Reads the card from the session's metadata and checks the session against it. */
  public static Checked check(OrtSession session, Path file) throws ModelLoadException {
    ModelCard card = readCard(session, file);
    PreprocessingSpec spec = card.preprocessing();
    List<Long> expectedInput =
        List.of(-1L, (long) spec.channels(), (long) spec.height(), (long) spec.width());
    List<Long> expectedOutput = List.of(-1L, (long) card.embeddingDimension());
    if (card.inputs().size() != 1 || card.outputs().isEmpty()) {
      throw new ModelLoadException(
          file,
          "the model card lists "
              + card.inputs().size()
              + " inputs and "
              + card.outputs().size()
              + " outputs; an embedding model has one input and an output");
    }
    TensorSpec input = card.inputs().get(0);
    TensorSpec output = card.outputs().get(0);
    checkCardTensor(file, "input", input, expectedInput);
    checkCardTensor(file, "output", output, expectedOutput);
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      if (inputs.size() != 1 || !inputs.containsKey(input.name())) {
        throw new ModelLoadException(
            file,
            "the model card names input '"
                + input.name()
                + "' but the graph's inputs are "
                + inputs.keySet());
      }
      if (!outputs.containsKey(output.name())) {
        throw new ModelLoadException(
            file,
            "the model card names output '"
                + output.name()
                + "' but the graph's outputs are "
                + outputs.keySet());
      }
      long[] in = floatShape(file, "input", inputs.get(input.name()));
      if (in.length != 4
          || in[1] != spec.channels()
          || in[2] != spec.height()
          || in[3] != spec.width()) {
        throw new ModelLoadException(
            file,
            "input '"
                + input.name()
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
                + input.name()
                + "' has a fixed batch size of "
                + in[0]
                + "; the server batches requests and needs a dynamic batch dimension");
      }
      long[] out = floatShape(file, "output", outputs.get(output.name()));
      if (out.length != 2 || (out[1] != -1 && out[1] != card.embeddingDimension())) {
        throw new ModelLoadException(
            file,
            "output '"
                + output.name()
                + "' has shape "
                + Arrays.toString(out)
                + " but the card's embedding_dimension is "
                + card.embeddingDimension()
                + " (expected [N, "
                + card.embeddingDimension()
                + "])");
      }
    } catch (OrtException e) {
      throw new ModelLoadException(
          file, "cannot read the graph's inputs and outputs: " + e.getMessage(), e);
    }
    return new Checked(card, input.name(), output.name());
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
