package io.siameseonnx.server.http;

import io.javalin.http.Context;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.models.ModelInfo;
import io.siameseonnx.server.models.ModelSlot;
import io.siameseonnx.server.models.ServedModel;

/**
 * {@code GET /health/live} (the process answers) and {@code GET /health/ready} (a model is loaded
 * and warm, and the server is not shutting down; 503 otherwise).
 */
public final class HealthHandler {
  private final ModelSlot slot;

  /** Creates the handler. */
  public HealthHandler(ModelSlot slot) {
    this.slot = slot;
  }

  /**
   * The liveness body.
   *
   * @param status always {@code live}
   */
  public record Live(String status) {}

  /**
   * The readiness body.
   *
   * @param status {@code ready}
   * @param model the served model's name
   * @param version its version
   * @param device where it runs
   */
  public record Ready(String status, String model, long version, String device) {}

  /** Liveness. */
  public void live(Context ctx) {
    ctx.json(new Live("live"));
  }

  /** Readiness. */
  public void ready(Context ctx) {
    ServedModel model = slot.peek().orElse(null);
    if (!slot.isReady() || model == null) {
      String why =
          model == null
              ? "no model is loaded yet"
              : "the model is warming up or the server is stopping";
      throw new NotReadyException(why);
    }
    ModelInfo info = model.info();
    ctx.json(new Ready("ready", info.name(), info.version(), info.device().wireName()));
  }
}
