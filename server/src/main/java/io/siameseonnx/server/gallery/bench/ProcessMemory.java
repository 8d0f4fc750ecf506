package io.siameseonnx.server.gallery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory from {@code /proc/self/status} (Linux): all of it, the anonymous
 * part (Java heap, native allocations) and the file-backed part (memory-mapped index files).
 *
 * @param rssMb resident set
 * @param anonMb anonymous resident memory
 * @param fileMb file-backed resident memory
 */
public record ProcessMemory(double rssMb, double anonMb, double fileMb) {
  /** Now; zeros where {@code /proc} is not there. */
  public static ProcessMemory now() {
    try {
      double rss = 0;
      double anon = 0;
      double file = 0;
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kilobytes(line) / 1024;
        } else if (line.startsWith("RssAnon:")) {
          anon = kilobytes(line) / 1024;
        } else if (line.startsWith("RssFile:")) {
          file = kilobytes(line) / 1024;
        }
      }
      return new ProcessMemory(rss, anon, file);
    } catch (IOException | RuntimeException e) {
      return new ProcessMemory(0, 0, 0);
    }
  }

  private static double kilobytes(String line) {
    return Double.parseDouble(line.replaceAll("[^0-9]", ""));
  }
}
