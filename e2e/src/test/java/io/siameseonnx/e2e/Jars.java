package io.siameseonnx.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the built fat jars as a user would, with the same Java as the tests. */
final class Jars {
  private Jars() {}

  static Path trainerJar() {
    return Path.of(System.getProperty("trainer.jar", "../trainer/target/siamese-trainer.jar"));
  }

  static Path serverJar() {
    return Path.of(System.getProperty("server.jar", "../server/target/siamese-server.jar"));
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The result of a finished command. */
  record Run(int exitCode, String stdout, String stderr) {}

  /** Runs the trainer with the arguments and waits (at most 10 minutes). */
  static Run trainer(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", trainerJar().toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "trainer", ".out");
    Path err = Files.createTempFile(workDir, "trainer", ".err");
    Process p =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("trainer did not finish: " + cmd);
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Runs the trainer like {@link #trainer}, and fails with its error output unless it exits 0. */
  static Run trainerSucceeds(Path workDir, String... args)
      throws IOException, InterruptedException {
    Run run = trainer(workDir, args);
    if (run.exitCode() != 0) {
      throw new AssertionError(
          "trainer " + String.join(" ", args) + " exited " + run.exitCode() + ":\n" + run.stderr());
    }
    return run;
  }

  /**
   * Writes the rectangle task's example images into {@code workDir/samples}: rect-1.png, rect-2.png
   * (with a rectangle), plain-1.png and plain-2.png (without).
   */
  static Path samples(Path workDir) throws IOException, InterruptedException {
    Path samples = workDir.resolve("samples");
    trainerSucceeds(workDir, "samples", "--out", samples.toString(), "--count", "2");
    return samples;
  }

  /**
   * {@code n} distinct free TCP ports: held open together while they are chosen, since a port just
   * closed is often the next one the system hands out (the HTTP and gRPC ports once came out the
   * same, and the server could not bind its second).
   */
  static int[] freePorts(int n) throws IOException {
    ServerSocket[] sockets = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0);
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          socket.close();
        }
      }
    }
  }
}
