package io.siameseonnx.server.bench;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.siameseonnx.server.http.v1.ApiJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP floor: a bare route that reads the body and answers a fixed JSON of 128 floats, on the
 * server's inference paths. What a request costs here is what HTTP costs before any work is done.
 * Two kinds: {@link #start} in the same kind of Jetty and Javalin set-up as the server (the floor
 * the goals are measured against), and {@link #startCore} on Jetty's core handler API alone, with
 * no servlet layer and no Javalin, so that the table shows how much of the floor those two are.
 */
final class FloorServer implements AutoCloseable {
  private static final byte[] ANSWER = answer();

  private final int port;
  private final AutoCloseable stop;

  private FloorServer(int port, AutoCloseable stop) {
    this.port = port;
    this.stop = stop;
  }

  /** The floor as a Javalin route, as the server's routes are. */
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
    return new FloorServer(app.port(), app::stop);
  }

  /**
   * The floor as one handler on Jetty's core API: it reads the body without blocking (up to {@code
   * maxBodyBytes}) and writes the answer with a callback, on every path.
   */
  static FloorServer startCore(long maxBodyBytes) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    int limit = (int) Math.min(Integer.MAX_VALUE, maxBodyBytes);
    server.setHandler(
        new Handler.Abstract.NonBlocking() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            Content.Source.asByteBufferAsync(request, limit)
                .whenComplete(
                    (body, error) -> {
                      if (error != null) {
                        Response.writeError(request, response, callback, error);
                        return;
                      }
                      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                      response.write(true, ByteBuffer.wrap(ANSWER), callback);
                    });
            return true;
          }
        });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("the core floor did not start: " + e.getMessage(), e);
    }
    return new FloorServer(connector.getLocalPort(), server::stop);
  }

  int port() {
    return port;
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
    try {
      stop.close();
    } catch (Exception e) {
      throw new IllegalStateException("the floor did not stop: " + e.getMessage(), e);
    }
  }
}
