package io.siameseonnx.server.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Whether this machine has an NVIDIA GPU, decided from the machine (the driver's device files and
 * {@code nvidia-smi}), never by the code under test: a GPU test must not skip because the server
 * failed to use the GPU.
 */
public final class Gpu {
  private Gpu() {}

  /** Whether an NVIDIA GPU with a working driver is present. */
  public static boolean present() {
    if (!Files.exists(Path.of("/dev/nvidiactl")) && !Files.exists(Path.of("/dev/nvidia0"))) {
      return false;
    }
    try {
      Process smi = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true).start();
      String out = new String(smi.getInputStream().readAllBytes());
      return smi.waitFor(30, TimeUnit.SECONDS) && smi.exitValue() == 0 && out.contains("GPU");
    } catch (Exception e) {
      return false;
    }
  }
}
