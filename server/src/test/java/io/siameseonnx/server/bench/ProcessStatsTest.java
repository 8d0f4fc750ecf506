package io.siameseonnx.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessStatsTest {
  @Test
  void theJitCompilersCpuIsFoundAmongThisProcesssThreadsAndIsPartOfItsCpu() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux's /proc");
    // Starting JUnit compiled hundreds of methods: far more than one 10 ms clock tick.
    long compiler = ProcessStats.compilerNanos();
    assertThat(compiler).isPositive();
    assertThat(compiler).isLessThanOrEqualTo(ProcessStats.cpuNanos() + 10_000_000L);
    assertThat(ProcessStats.residentMb()).isPositive();
  }
}
