package io.siameseonnx.server.http.v1;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.siameseonnx.server.models.ModelManager;

/** {@code GET /v1/models}: the served model's card and version, and the last reload failure. */
public final class ModelsHandler implements Handler {
  private final ModelManager models;

  /** Creates the handler. */
  public ModelsHandler(ModelManager models) {
    this.models = models;
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(ModelsResponse.of(models.status()));
  }
}
