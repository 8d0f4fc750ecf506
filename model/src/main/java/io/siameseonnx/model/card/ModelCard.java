package io.siameseonnx.model.card;

import io.siameseonnx.model.spec.TowerSpec;
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
 * @param evaluationProtocol how the figures were measured: held-out classes, pretraining overlap,
 *     the threshold's operating point (empty in cards written before it was recorded)
 * @param augment the random changes training images got while the model was fine-tuned, such as
 *     {@code crop,jitter} ({@code none} in cards written before it was recorded, whose models were
 *     all fine-tuned without)
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
    Map<String, Double> verification,
    EvaluationProtocol evaluationProtocol,
    String augment) {

  /** The ONNX {@code metadata_props} key under which the card's JSON is stored. */
  public static final String METADATA_KEY = "siamese_onnx.model_card";

  /** What {@link #augment} reads for a model fine-tuned without augmentation. */
  public static final String NO_AUGMENTATION = "none";

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
    evaluationProtocol =
        evaluationProtocol == null ? EvaluationProtocol.unrecorded() : evaluationProtocol;
    augment = augment == null || augment.isEmpty() ? NO_AUGMENTATION : augment;
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
        newVerification,
        evaluationProtocol,
        augment);
  }

  /**
   * The card of the distance model exported beside this embedding model: the same facts under
   * another name, with the distance model's tensors.
   */
  public ModelCard forDistanceModel(String distanceName) {
    long[] chw =
        inputs().get(0).shape().subList(1, 4).stream().mapToLong(Long::longValue).toArray();
    return withName(
        distanceName,
        ModelKind.DISTANCE.inputs(chw),
        List.of(ModelKind.DISTANCE.output(embeddingDimension)));
  }

  /**
   * A builder for the card of an embedding model with {@code tower}'s tensors, architecture,
   * dimension and normalisation, and the given preprocessing (whose size must be the tower's
   * input).
   */
  public static Builder forTower(TowerSpec tower, PreprocessingSpec preprocessing) {
    long[] in = tower.inputShape();
    if (in[0] != preprocessing.channels()
        || in[1] != preprocessing.height()
        || in[2] != preprocessing.width()) {
      throw new IllegalArgumentException(
          "tower input "
              + java.util.Arrays.toString(in)
              + " does not match the preprocessing "
              + preprocessing.channels()
              + "x"
              + preprocessing.height()
              + "x"
              + preprocessing.width());
    }
    return new Builder(tower, preprocessing);
  }

  /** Builds a card from a tower; {@code name}, metric and threshold have defaults. */
  public static final class Builder {
    private final TowerSpec tower;
    private final PreprocessingSpec preprocessing;
    private String name = ModelKind.EMBEDDING.defaultName();
    private String createdAt = "";
    private Metric metric = Metric.EUCLIDEAN;
    private String loss = "contrastive";
    private double margin = 1.0;
    private double threshold = 1.0;
    private Map<String, Double> metrics = Map.of();
    private String dataFingerprint = "";
    private Map<String, String> versions = Map.of();
    private EvaluationProtocol evaluationProtocol = EvaluationProtocol.unrecorded();
    private String augment = NO_AUGMENTATION;

    private Builder(TowerSpec tower, PreprocessingSpec preprocessing) {
      this.tower = tower;
      this.preprocessing = preprocessing;
    }

    /** The model's name in the repository (default {@code siamese-embedding}). */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** When the model was exported, ISO-8601. */
    public Builder createdAt(String value) {
      this.createdAt = value;
      return this;
    }

    /** The distance the model was trained, calibrated and evaluated with (default Euclidean). */
    public Builder metric(Metric value) {
      this.metric = value;
      return this;
    }

    /** The training loss and its margin (or temperature). */
    public Builder loss(String value, double lossMargin) {
      this.loss = value;
      this.margin = lossMargin;
      return this;
    }

    /** The decision threshold: similar below it (default 1). */
    public Builder threshold(double value) {
      this.threshold = value;
      return this;
    }

    /** Training and evaluation figures. */
    public Builder metrics(Map<String, Double> value) {
      this.metrics = value;
      return this;
    }

    /** A fingerprint of the training data. */
    public Builder dataFingerprint(String value) {
      this.dataFingerprint = value;
      return this;
    }

    /** The versions of the software that made the model. */
    public Builder versions(Map<String, String> value) {
      this.versions = value;
      return this;
    }

    /** How the figures were measured. */
    public Builder evaluationProtocol(EvaluationProtocol value) {
      this.evaluationProtocol = value;
      return this;
    }

    /** The fine-tuning augmentation, such as {@code crop,jitter} (default none). */
    public Builder augment(String value) {
      this.augment = value;
      return this;
    }

    /** The card (its verification figures empty). */
    public ModelCard build() {
      return new ModelCard(
          SCHEMA_VERSION,
          name,
          tower.name(),
          createdAt,
          preprocessing,
          ModelKind.EMBEDDING.inputs(tower.inputShape()),
          List.of(ModelKind.EMBEDDING.output(tower.embeddingDimension())),
          tower.embeddingDimension(),
          metric.wireName(),
          tower.l2Normalized(),
          loss,
          margin,
          threshold,
          metrics,
          dataFingerprint,
          versions,
          Map.of(),
          evaluationProtocol,
          augment);
    }
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
        verification,
        evaluationProtocol,
        augment);
  }
}
