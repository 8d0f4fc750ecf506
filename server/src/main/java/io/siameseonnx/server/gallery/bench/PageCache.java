package io.siameseonnx.server.gallery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Drops a folder's files from the operating system's page cache (so that an open is cold, as after
 * a reboot) and tells how much of them is cached, per file and without root: {@code sync FILE...}
 * then {@code dd iflag=nocache} (POSIX_FADV_DONTNEED) on each; {@code fincore} to count. Linux
 * only; elsewhere it reports that it could not.
 */
final class PageCache {
  private PageCache() {}

  /** Whether every file was dropped. */
  static boolean drop(Path root) throws IOException, InterruptedException {
    List<String> files = files(root);
    if (files.isEmpty()) {
      return true;
    }
    List<String> sync = new ArrayList<>(List.of("sync"));
    sync.addAll(files);
    if (!run(sync)) {
      return false;
    }
    boolean all = true;
    for (String file : files) {
      all &= run(List.of("dd", "if=" + file, "iflag=nocache", "count=0", "status=none"));
    }
    return all;
  }

  /** The folder's bytes in the page cache, in MB; -1 when it cannot tell. */
  static double residentMb(Path root) throws IOException, InterruptedException {
    List<String> files = files(root);
    if (files.isEmpty()) {
      return 0;
    }
    List<String> command =
        new ArrayList<>(List.of("fincore", "--bytes", "--noheadings", "--raw", "--output", "RES"));
    command.addAll(files);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
        return -1;
      }
      long bytes = 0;
      for (String line : output.split("\\R")) {
        if (!line.isBlank()) {
          bytes += Long.parseLong(line.trim());
        }
      }
      return bytes / 1048576.0;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(Path::toString).toList();
    }
  }

  private static boolean run(List<String> command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(5, TimeUnit.MINUTES) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
