package io.siameseonnx.server.http.v2;

import com.fasterxml.jackson.core.JsonFactory;
import io.javalin.config.RoutesConfig;
import io.siameseonnx.server.http.Answers;
import io.siameseonnx.server.http.DirectRoutes;
import io.siameseonnx.server.oip.InferenceModels;

/**
 * The protocol's routes under {@link #PREFIX}: server metadata, health, model metadata and
 * readiness, and inference, each with or without a model version in the path.
 */
public final class V2Api {
  /** Every route of the protocol starts with this; its errors have the protocol's shape. */
  public static final String PREFIX = "/v2";

  /** {@code GET}: server liveness. */
  public static final String LIVE = PREFIX + "/health/live";

  /** {@code GET}: server readiness. */
  public static final String READY = PREFIX + "/health/ready";

  /** The path parameter naming the model. */
  static final String MODEL = "model";

  /** The path parameter naming the version. */
  static final String VERSION = "version";

  private static final String MODEL_PATH = PREFIX + "/models/{" + MODEL + "}";
  private static final String VERSION_PATH = MODEL_PATH + "/versions/{" + VERSION + "}";

  private final ServerHandler server;
  private final ModelHandler model;
  private final InferHandler infer;

  /**
   * The protocol over {@code models}.
   *
   * @param models the served models
   * @param json the API's JSON settings (fast float parsing and writing)
   * @param maxBodyBytes the largest request body accepted
   * @param answers writes the answers to inference requests
   */
  public V2Api(InferenceModels models, JsonFactory json, long maxBodyBytes, Answers answers) {
    this.server = new ServerHandler(models);
    this.model = new ModelHandler(models);
    this.infer = new InferHandler(models, json, maxBodyBytes, answers);
  }

  /** The infer routes as {@link DirectRoutes} serves them. */
  public DirectRoutes.Route directInfer() {
    return infer.direct(MODEL_PATH + "/infer", VERSION_PATH + "/infer");
  }

  /** Declares the routes. */
  public void register(RoutesConfig routes) {
    routes.get(PREFIX, server::metadata);
    routes.get(LIVE, server::live);
    routes.get(READY, server::ready);
    for (String path : new String[] {MODEL_PATH, VERSION_PATH}) {
      routes.get(path, model::metadata);
      routes.get(path + "/ready", model::ready);
      routes.post(path + "/infer", infer);
    }
  }
}
