package io.siameseonnx.server.http.v2;

import io.javalin.http.Context;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.oip.InferenceModels;

/**
 * {@code GET /v2} (the server's name, version and extensions), {@code GET /v2/health/live} and
 * {@code GET /v2/health/ready} (every served model loaded and warm; 503 otherwise).
 */
final class ServerHandler {
  private final InferenceModels models;

  ServerHandler(InferenceModels models) {
    this.models = models;
  }

  /**
   * Liveness.
   *
   * @param live always true
   */
  record Live(boolean live) {}

  /**
   * Readiness.
   *
   * @param ready always true (a server that is not ready answers 503)
   */
  record Ready(boolean ready) {}

  void metadata(Context ctx) {
    ctx.json(models.server());
  }

  void live(Context ctx) {
    ctx.json(new Live(true));
  }

  void ready(Context ctx) {
    if (!models.ready()) {
      throw new NotReadyException(
          "the models are loading or warming up, or the server is stopping");
    }
    ctx.json(new Ready(true));
  }
}
