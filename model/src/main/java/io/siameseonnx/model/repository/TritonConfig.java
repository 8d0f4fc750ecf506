package io.siameseonnx.model.repository;

import io.siameseonnx.model.card.TensorSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Triton {@code config.pbtxt} for an ONNX model with a leading batch dimension: platform {@code
 * onnxruntime_onnx}, dynamic batching, and tensor dims given without the batch dimension (Triton's
 * convention when {@code max_batch_size > 0}).
 *
 * @param name the model's folder name in the repository
 * @param maxBatchSize the largest batch Triton forms
 * @param inputs the model's inputs, batch dimension (-1) first
 * @param outputs the model's outputs, batch dimension (-1) first
 */
public record TritonConfig(
    String name, int maxBatchSize, List<TensorSpec> inputs, List<TensorSpec> outputs) {
  /** The file name Triton reads. */
  public static final String FILE_NAME = "config.pbtxt";

  /** Checks the arguments and copies the lists. */
  public TritonConfig {
    if (maxBatchSize <= 0) {
      throw new IllegalArgumentException("max_batch_size must be positive: " + maxBatchSize);
    }
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** The configuration of the model a card describes. */
  public static TritonConfig of(io.siameseonnx.model.card.ModelCard card, int maxBatchSize) {
    return new TritonConfig(card.name(), maxBatchSize, card.inputs(), card.outputs());
  }

  /** The configuration in protobuf text format. */
  public String toPbtxt() {
    StringBuilder s = new StringBuilder();
    s.append("name: \"").append(name).append("\"\n");
    s.append("platform: \"onnxruntime_onnx\"\n");
    s.append("max_batch_size: ").append(maxBatchSize).append('\n');
    tensors(s, "input", inputs);
    tensors(s, "output", outputs);
    s.append("dynamic_batching { }\n");
    return s.toString();
  }

  private static void tensors(StringBuilder s, String kind, List<TensorSpec> tensors) {
    s.append(kind).append(" [\n");
    for (int i = 0; i < tensors.size(); i++) {
      TensorSpec t = tensors.get(i);
      if (t.shape().isEmpty() || t.shape().get(0) != -1) {
        throw new IllegalArgumentException(
            "tensor " + t.name() + " needs a leading batch dimension (-1): " + t.shape());
      }
      List<Long> dims = t.shape().subList(1, t.shape().size());
      s.append("  {\n");
      s.append("    name: \"").append(t.name()).append("\"\n");
      s.append("    data_type: ").append(dataType(t.dtype())).append('\n');
      if (dims.isEmpty()) {
        // A tensor of shape [N] only: Triton needs at least one dim besides the batch, so it is
        // declared as [1] and reshaped to the model's [] (per item).
        s.append("    dims: [ 1 ]\n");
        s.append("    reshape: { shape: [ ] }\n");
      } else {
        s.append("    dims: [ ")
            .append(dims.stream().map(String::valueOf).collect(Collectors.joining(", ")))
            .append(" ]\n");
      }
      s.append(i < tensors.size() - 1 ? "  },\n" : "  }\n");
    }
    s.append("]\n");
  }

  private static String dataType(String dtype) {
    if ("float32".equals(dtype)) {
      return "TYPE_FP32";
    }
    throw new IllegalArgumentException("no Triton data type for " + dtype);
  }
}
