package io.siameseonnx.server.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's CPU clock and resident memory. */
final class ProcessStats {
  private ProcessStats() {}

  /** CPU time of the whole process so far (all threads, native ones included). */
  static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /**
   * CPU time so far of the JIT compiler's threads (Linux; 0 where /proc is absent): a share of
   * {@link #cpuNanos()} that is compiling rather than serving, shown beside it so that a window
   * that still pays for compilation is seen as such.
   */
  static long compilerNanos() {
    long ticks = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
            continue;
          }
          String stat = Files.readString(task.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (IOException | RuntimeException e) {
          // the thread ended, or not Linux's format
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return ticks * (1_000_000_000L / CLOCK_TICKS);
  }

  /** Linux's clock ticks a second for /proc's CPU times (USER_HZ, 100 on every mainline build). */
  private static final long CLOCK_TICKS = 100;

  /** Resident memory in MB (Linux), NaN where /proc is absent. */
  static double residentMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return Double.NaN;
  }
}
