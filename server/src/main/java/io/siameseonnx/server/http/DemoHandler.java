package io.siameseonnx.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * {@code GET /}: the demo page, one self-contained HTML file (inline CSS and JS, no external
 * assets) that compares two images through {@code POST /v1/distance} and shows the model card from
 * {@code GET /v1/models}. The page itself needs no API key; the calls it makes do, when keys are
 * set.
 */
public final class DemoHandler implements Handler {
  /** The class-path resource holding the page. */
  public static final String RESOURCE = "/demo/index.html";

  private final byte[] page;

  /** Loads the page. */
  public DemoHandler() {
    this.page = OpenApiHandler.load(RESOURCE);
  }

  @Override
  public void handle(Context ctx) {
    ctx.header("Cache-Control", "no-cache").contentType("text/html; charset=utf-8").result(page);
  }
}
