package io.siameseonnx.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server jar running as a separate process on a free loopback port, on the CPU, serving a model
 * repository; with the HTTP calls the tests make to it.
 */
final class ServerJar implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final String base;
  private final int grpcPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServerJar(Process process, Path log, String base, int grpcPort) {
    this.process = process;
    this.log = log;
    this.base = base;
    this.grpcPort = grpcPort;
  }

  /**
   * Starts the server on {@code models} (checking for new versions every second) and waits until it
   * reports ready; its output goes to {@code log}.
   */
  static ServerJar start(Path models, Path log) throws Exception {
    int[] ports = Jars.freePorts(2);
    int port = ports[0];
    int grpcPort = ports[1];
    Process process =
        new ProcessBuilder(
                Jars.java(),
                "-jar",
                Jars.serverJar().toString(),
                "--model-repo",
                models.toString(),
                "--port",
                Integer.toString(port),
                "--grpc-port",
                Integer.toString(grpcPort),
                "--host",
                "127.0.0.1",
                "--device",
                "cpu",
                "--reload-interval",
                "1s",
                // Beside the models, not the default relative to the working directory (e2e/).
                "--gallery-dir",
                models.resolveSibling(models.getFileName() + "-galleries").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ServerJar server = new ServerJar(process, log, "http://127.0.0.1:" + port, grpcPort);
    try {
      server.waitUntilReady();
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void waitUntilReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("server exited during start-up:\n" + log());
      }
      try {
        if (get("/health/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("server not ready after 120 s:\n" + log());
  }

  /** Everything the server has written so far. */
  String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** The port the server's gRPC endpoint was told to listen on. */
  int grpcPort() {
    return grpcPort;
  }

  /** The base URL, {@code http://127.0.0.1:port}. */
  String base() {
    return base;
  }

  /** The server process, to signal and wait for. */
  Process process() {
    return process;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a request as it is, for callers that need their own body or headers. */
  <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return http.sendAsync(request, handler);
  }

  /** A file's bytes as the API's base64 image string. */
  static String base64(Path file) throws IOException {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
