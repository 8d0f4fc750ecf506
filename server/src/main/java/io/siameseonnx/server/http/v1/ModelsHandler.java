package io.siameseonnx.server.http.v1;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.siameseonnx.server.models.ModelHosts;

/**
 * {@code GET /v1/models}: the served embedding model's card and version, its reload state, and a
 * summary of every model served.
 */
public final class ModelsHandler implements Handler {
  private final ModelHosts models;

  /** Creates the handler. */
  public ModelsHandler(ModelHosts models) {
    this.models = models;
  }

  @Override
  public void handle(Context ctx) {
    ctx.json(ModelsResponse.of(models));
  }
}
