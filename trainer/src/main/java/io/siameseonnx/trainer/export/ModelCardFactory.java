package io.siameseonnx.trainer.export;

import ai.djl.engine.Engine;
import io.siameseonnx.shared.card.ModelCard;
import io.siameseonnx.shared.card.TensorSpec;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.model.CheckpointInfo;
import io.siameseonnx.trainer.model.TowerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Builds the model card of an export from a checkpoint's info. */
public final class ModelCardFactory {
  /** Version key: this project. */
  public static final String SIAMESE_ONNX = "siamese_onnx";

  /** Version key: Deep Java Library. */
  public static final String DJL = "djl";

  /** Version key: the DJL engine's native library (libtorch). */
  public static final String PYTORCH = "pytorch";

  /** Version key: the ONNX operator set. */
  public static final String ONNX_OPSET = "onnx_opset";

  /** Version key: the ONNX IR version. */
  public static final String ONNX_IR_VERSION = "onnx_ir_version";

  /** Version key: the ONNX Runtime that verified the export. */
  public static final String ONNXRUNTIME = "onnxruntime";

  private static final String POM_PROPERTIES =
      "/META-INF/maven/io.siameseonnx/siamese-trainer/pom.properties";

  private ModelCardFactory() {}

  /**
   * The card of the embedding model, without verification figures.
   *
   * @param info the checkpoint's metadata
   * @param name the model's name in the repository
   * @param metric the distance the model was trained and calibrated with
   * @param createdAt the export instant
   */
  public static ModelCard create(
      CheckpointInfo info, String name, Metric metric, Instant createdAt) {
    TowerSpec tower = info.tower();
    long[] in = tower.inputShape();
    if (in[0] != info.preprocessing().channels()
        || in[1] != info.preprocessing().height()
        || in[2] != info.preprocessing().width()) {
      throw new IllegalArgumentException(
          "tower input "
              + java.util.Arrays.toString(in)
              + " does not match the preprocessing "
              + info.preprocessing().channels()
              + "x"
              + info.preprocessing().height()
              + "x"
              + info.preprocessing().width());
    }
    return new ModelCard(
        ModelCard.SCHEMA_VERSION,
        name,
        tower.name(),
        createdAt.truncatedTo(ChronoUnit.SECONDS).toString(),
        info.preprocessing(),
        List.of(TensorSpec.float32(OnnxModels.IMAGE, -1, in[0], in[1], in[2])),
        List.of(TensorSpec.float32(OnnxModels.EMBEDDING, -1, tower.embeddingDimension())),
        tower.embeddingDimension(),
        metric.wireName(),
        tower.l2Normalized(),
        info.loss().isEmpty() ? null : info.loss(),
        info.margin(),
        info.threshold(),
        info.metrics(),
        info.dataFingerprint(),
        versions(),
        Map.of());
  }

  /** The pair model's card: the embedding card under another name, with the pair's tensors. */
  public static ModelCard pairCard(ModelCard embeddingCard, String name) {
    TensorSpec image = embeddingCard.inputs().get(0);
    long[] shape = image.shape().stream().mapToLong(Long::longValue).toArray();
    return embeddingCard.withName(
        name,
        List.of(
            TensorSpec.float32(OnnxModels.IMAGE_A, shape),
            TensorSpec.float32(OnnxModels.IMAGE_B, shape)),
        List.of(TensorSpec.float32(OnnxModels.DISTANCE, -1)));
  }

  /** The versions of the software that makes and verifies the export. */
  public static Map<String, String> versions() {
    Map<String, String> versions = new TreeMap<>();
    versions.put(SIAMESE_ONNX, projectVersion());
    versions.put(DJL, Engine.getDjlVersion());
    Engine engine = Engine.getInstance();
    versions.put(engine.getEngineName().toLowerCase(java.util.Locale.ROOT), engine.getVersion());
    versions.put(ONNX_OPSET, Integer.toString(OnnxModels.OPSET));
    versions.put(ONNX_IR_VERSION, Integer.toString(OnnxModels.IR_VERSION));
    versions.put(ONNXRUNTIME, ExportVerifier.onnxRuntimeVersion());
    return versions;
  }

  /**
   * This project's version from the jar's Maven descriptor; "development" when run from classes.
   */
  static String projectVersion() {
    try (InputStream in = ModelCardFactory.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version");
        if (version != null && !version.isBlank()) {
          return version;
        }
      }
    } catch (IOException e) {
      // Fall through: the version is informative only.
    }
    String manifest = ModelCardFactory.class.getPackage().getImplementationVersion();
    return manifest == null ? "development" : manifest;
  }
}
