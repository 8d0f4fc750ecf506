package io.siameseonnx.server.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server as its own process on the test class path, with its own heap: for what only a real JVM
 * shows (running out of memory, being killed). It is stopped with SIGTERM when closed.
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private ServerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code java -Xmx<heap> ... ServerMain --model-repo repo --port <free> --device cpu
   * args...} and waits until it is ready (or has exited).
   */
  public static ServerProcess start(Path repo, String heap, Path workDir, String... args)
      throws IOException, InterruptedException {
    return start(repo, heap, workDir, java.util.Map.of(), args);
  }

  /** As {@link #start(Path, String, Path, String...)}, with environment variables set. */
  public static ServerProcess start(
      Path repo, String heap, Path workDir, java.util.Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path log = Files.createTempFile(workDir, "server-", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.siameseonnx.server.ServerMain");
    command.addAll(
        List.of(
            "--model-repo",
            repo.toString(),
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--grpc-port",
            "0",
            "--device",
            "cpu",
            "--intra-op-threads",
            "1",
            "--reload-interval",
            "0",
            "--shutdown-timeout",
            "2s"));
    if (!List.of(args).contains("--gallery-dir")) {
      // Not the default, relative to the working directory: that is the source tree.
      command.addAll(List.of("--gallery-dir", workDir.resolve("galleries").toString()));
    }
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    ServerProcess server = new ServerProcess(process, port, log);
    Http http = new Http(port);
    String key = env.get("SIAMESE_API_KEYS");
    if (key != null) {
      http = http.withBearer(key.split(",")[0]);
    }
    while (process.isAlive()) {
      try {
        if (http.get("/health/ready").status() == 200) {
          return server;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the server exited during start-up:\n" + server.log());
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** What it has printed so far. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process with SIGKILL ({@code kill -9}): no shutdown hook runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
