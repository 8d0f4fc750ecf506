package io.siameseonnx.shared.card;

import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a trained embedding model is and how to use it: stored as JSON inside the exported ONNX file
 * (metadata key {@value #METADATA_KEY}) and beside it as {@code model-card.json}. The trainer
 * writes it; the server reads and validates it at start-up.
 *
 * @param schemaVersion version of this card's layout
 * @param name model name in the repository
 * @param architecture named architecture of the embedding tower
 * @param createdAt ISO-8601 instant of the export
 * @param preprocessing how images become inputs
 * @param inputs the embedding model's inputs
 * @param outputs the embedding model's outputs
 * @param embeddingDimension length of one embedding
 * @param metric distance between embeddings, in wire form ({@code "euclidean"})
 * @param l2Normalized whether embeddings have unit length
 * @param loss training loss ({@code "contrastive"}, {@code "triplet"}, {@code "supcon"})
 * @param margin the loss margin (the softmax temperature for {@code "supcon"})
 * @param threshold decision threshold: a pair is similar when its distance is below it
 * @param metrics training and evaluation figures, flat keys such as {@code finetune.test_accuracy}
 * @param dataFingerprint SHA-256 over the training data
 * @param versions versions of the software that made the model
 * @param verification export checks, such as the largest ONNX-versus-DJL difference
 */
public record ModelCard(
    int schemaVersion,
    String name,
    String architecture,
    String createdAt,
    PreprocessingSpec preprocessing,
    List<TensorSpec> inputs,
    List<TensorSpec> outputs,
    int embeddingDimension,
    String metric,
    boolean l2Normalized,
    String loss,
    double margin,
    double threshold,
    Map<String, Double> metrics,
    String dataFingerprint,
    Map<String, String> versions,
    Map<String, Double> verification) {

  /** The ONNX {@code metadata_props} key under which the card's JSON is stored. */
  public static final String METADATA_KEY = "siamese_onnx.model_card";

  /** The current layout version. */
  public static final int SCHEMA_VERSION = 1;

  /** Checks required fields and copies the collections (sorted, for stable JSON). */
  public ModelCard {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(preprocessing, "preprocessing");
    Objects.requireNonNull(metric, "metric");
    Metric.fromWireName(metric);
    if (embeddingDimension <= 0) {
      throw new IllegalArgumentException("embedding_dimension must be positive");
    }
    if (!(threshold > 0) || !Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be a positive number");
    }
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
    versions = versions == null ? Map.of() : new TreeMap<>(versions);
    verification = verification == null ? Map.of() : new TreeMap<>(verification);
    dataFingerprint = dataFingerprint == null ? "" : dataFingerprint;
    createdAt = createdAt == null ? "" : createdAt;
    loss = loss == null ? "contrastive" : loss;
  }

  /** The distance metric as an enum. */
  public Metric distanceMetric() {
    return Metric.fromWireName(metric);
  }

  /** A copy with other verification figures. */
  public ModelCard withVerification(Map<String, Double> newVerification) {
    return new ModelCard(
        schemaVersion,
        name,
        architecture,
        createdAt,
        preprocessing,
        inputs,
        outputs,
        embeddingDimension,
        metric,
        l2Normalized,
        loss,
        margin,
        threshold,
        metrics,
        dataFingerprint,
        versions,
        newVerification);
  }

  /** A copy under another name (the pair model shares the embedding model's card). */
  public ModelCard withName(
      String newName, List<TensorSpec> newInputs, List<TensorSpec> newOutputs) {
    return new ModelCard(
        schemaVersion,
        newName,
        architecture,
        createdAt,
        preprocessing,
        newInputs,
        newOutputs,
        embeddingDimension,
        metric,
        l2Normalized,
        loss,
        margin,
        threshold,
        metrics,
        dataFingerprint,
        versions,
        verification);
  }
}
