package io.siameseonnx.server.support;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.TestConfig;
import io.siameseonnx.server.ServerApp;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.service.Services;

/** Runs a test body against a server's app over real loopback HTTP (javalin-testtools). */
public final class ServerFixture {
  private ServerFixture() {}

  /** A test body. */
  @FunctionalInterface
  public interface Body {
    /** Runs with a client for the started app. */
    void run(Http http) throws Exception;
  }

  /**
   * Builds a fresh app over the server's services (a Javalin app starts only once), starts it on a
   * free port, runs {@code body} and stops it.
   */
  public static void http(SiameseServer server, Body body) {
    http(server, server.services(), body);
  }

  /** As {@link #http(SiameseServer, Body)}, over other services (built over the server's). */
  public static void http(SiameseServer server, Services services, Body body) {
    Javalin app = ServerApp.create(server.config(), services, server.hosts(), server.metrics());
    JavalinTest.test(
        app, new TestConfig(true, false), (started, client) -> body.run(new Http(started.port())));
  }
}
