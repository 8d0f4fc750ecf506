package io.siameseonnx.server.bench;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.siameseonnx.server.http.v1.ApiJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The HTTP floor: a bare Javalin app in the same kind of Jetty and Javalin set-up as the server,
 * whose one handler (on the server's inference paths) reads the body and answers a fixed JSON of
 * 128 floats. What a request costs here is what HTTP costs before any work is done.
 */
final class FloorServer implements AutoCloseable {
  private static final byte[] ANSWER = answer();

  private final Javalin app;

  private FloorServer(Javalin app) {
    this.app = app;
  }

  static FloorServer start(long maxBodyBytes) {
    Javalin app =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.startup.showOldJavalinVersionWarning = false;
              c.startup.startupWatcherEnabled = false;
              c.jsonMapper(new JavalinJackson(ApiJson.mapper(), false));
              c.http.maxRequestSize = maxBodyBytes;
              c.jetty.host = "127.0.0.1";
              c.jetty.port = 0;
              c.routes.post("/v1/embeddings", FloorServer::handle);
              c.routes.post("/v2/models/{model}/infer", FloorServer::handle);
            });
    app.start();
    return new FloorServer(app);
  }

  int port() {
    return app.port();
  }

  private static void handle(Context ctx) {
    try {
      ctx.req().getInputStream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.contentType("application/json").result(ANSWER);
  }

  private static byte[] answer() {
    StringBuilder json = new StringBuilder("{\"embeddings\":[[");
    for (int i = 0; i < 128; i++) {
      json.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.7f", Math.sin(i) / 11));
    }
    return json.append("]]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    app.stop();
  }
}
