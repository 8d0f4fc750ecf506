package io.siameseonnx.trainer.export;

import ai.djl.engine.Engine;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.onnx.SiameseGraphs;
import io.siameseonnx.trainer.model.CheckpointInfo;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Builds the model card of an export from a checkpoint's info. */
public final class ModelCardFactory {
  /** Version key: this project (also the ONNX file's producer version). */
  public static final String SIAMESE_ONNX = SiameseGraphs.PRODUCER_VERSION_KEY;

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
   * @param info the checkpoint's metadata, the metric the model was trained and calibrated with
   *     included
   * @param name the model's name in the repository
   * @param createdAt the export instant
   */
  public static ModelCard create(CheckpointInfo info, String name, Instant createdAt) {
    return ModelCard.forTower(info.tower(), info.preprocessing())
        .name(name)
        .createdAt(createdAt.truncatedTo(ChronoUnit.SECONDS).toString())
        .metric(info.metric())
        .loss(info.loss().isEmpty() ? "contrastive" : info.loss(), info.margin())
        .threshold(info.threshold())
        .metrics(info.metrics())
        .dataFingerprint(info.dataFingerprint())
        .evaluationProtocol(info.protocol())
        .augment(info.augment())
        .versions(versions())
        .build();
  }

  /** The versions of the software that makes and verifies the export. */
  public static Map<String, String> versions() {
    Map<String, String> versions = new TreeMap<>();
    versions.put(SIAMESE_ONNX, projectVersion());
    versions.put(DJL, Engine.getDjlVersion());
    Engine engine = Engine.getInstance();
    versions.put(engine.getEngineName().toLowerCase(java.util.Locale.ROOT), engine.getVersion());
    versions.put(ONNX_OPSET, Integer.toString(SiameseGraphs.OPSET));
    versions.put(ONNX_IR_VERSION, Integer.toString(SiameseGraphs.IR_VERSION));
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
