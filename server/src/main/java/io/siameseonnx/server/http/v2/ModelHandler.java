package io.siameseonnx.server.http.v2;

import io.javalin.http.Context;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.oip.InferenceModel;
import io.siameseonnx.server.oip.InferenceModels;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET /v2/models/{model}[/versions/{version}]} (inputs, outputs, versions, platform) and
 * {@code GET .../ready} (the model is loaded and warm; 503 otherwise).
 */
final class ModelHandler {
  private final InferenceModels models;

  ModelHandler(InferenceModels models) {
    this.models = models;
  }

  /**
   * A model's readiness.
   *
   * @param name the model
   * @param ready always true (a model that is not ready answers 503)
   */
  record Ready(String name, boolean ready) {}

  void metadata(Context ctx) {
    ctx.json(model(ctx).metadata());
  }

  void ready(Context ctx) {
    InferenceModel model = model(ctx);
    if (!model.ready()) {
      throw new NotReadyException("model '" + model.name() + "' is not ready");
    }
    ctx.json(new Ready(model.name(), true));
  }

  /** The model and version the path names; the version must be the one served. */
  private InferenceModel model(Context ctx) {
    InferenceModel model = models.model(ctx.pathParam(V2Api.MODEL));
    model.requireVersion(version(ctx, model));
    return model;
  }

  /** The version the path names, if any. */
  static OptionalLong version(Context ctx, InferenceModel model) {
    return InferenceModels.version(
        model.name(), Optional.ofNullable(ctx.pathParamMap().get(V2Api.VERSION)));
  }
}
