package io.siameseonnx.trainer.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siameseonnx.model.card.EvaluationProtocol;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.shared.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes flat dotted metrics ({@code finetune.roc_auc}) as nested JSON ({@code {"finetune":
 * {"roc_auc": ...}}}), atomically; with the run's {@link EvaluationProtocol} under {@value
 * #PROTOCOL_KEY} when it records anything, and the training settings that the figures depend on but
 * do not show (such as {@code {"training": {"augment": "crop,jitter"}}}) under {@value
 * #TRAINING_KEY}.
 */
public final class MetricsFile {
  private static final ObjectMapper MAPPER = ModelCards.mapper();

  /** The key of the evaluation protocol in {@code metrics.json}. */
  public static final String PROTOCOL_KEY = "evaluation_protocol";

  /** The key of the training settings in {@code metrics.json}. */
  public static final String TRAINING_KEY = "training";

  /** The training setting that names the fine-tuning augmentation ({@code --augment}). */
  public static final String AUGMENT = "augment";

  private MetricsFile() {}

  /** Writes the metrics to {@code file}. */
  public static void write(Path file, Map<String, Double> metrics) throws IOException {
    write(file, metrics, EvaluationProtocol.unrecorded());
  }

  /** Writes the metrics and how they were measured to {@code file}. */
  public static void write(Path file, Map<String, Double> metrics, EvaluationProtocol protocol)
      throws IOException {
    write(file, metrics, protocol, Map.of());
  }

  /**
   * Writes the metrics, how they were measured and the training settings behind them (none: no
   * {@value #TRAINING_KEY} group) to {@code file}.
   */
  public static void write(
      Path file,
      Map<String, Double> metrics,
      EvaluationProtocol protocol,
      Map<String, String> training)
      throws IOException {
    ObjectNode tree = toTree(metrics);
    if (!protocol.equals(EvaluationProtocol.unrecorded())) {
      tree.set(PROTOCOL_KEY, MAPPER.valueToTree(protocol));
    }
    if (!training.isEmpty()) {
      ObjectNode settings = tree.putObject(TRAINING_KEY);
      new TreeMap<>(training).forEach(settings::put);
    }
    AtomicFiles.write(file, MAPPER.writeValueAsBytes(tree));
  }

  /** The nested form. */
  public static ObjectNode toTree(Map<String, Double> metrics) {
    ObjectNode root = MAPPER.createObjectNode();
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      String[] parts = e.getKey().split("\\.", 2);
      if (parts.length == 1) {
        root.put(parts[0], e.getValue());
      } else {
        ObjectNode child =
            root.has(parts[0]) ? (ObjectNode) root.get(parts[0]) : root.putObject(parts[0]);
        child.put(parts[1], e.getValue());
      }
    }
    return root;
  }
}
