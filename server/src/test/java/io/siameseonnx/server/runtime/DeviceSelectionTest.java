package io.siameseonnx.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU, CUDA and auto. Whether CUDA works here is found by trying it once; the CUDA tests are
 * skipped (not passed) where it does not, and the fallback tests where it does.
 */
class DeviceSelectionTest {
  @TempDir static Path repo;
  static Path model;
  static boolean cudaWorks;

  @BeforeAll
  static void probe() throws Exception {
    model = new TestRepository(repo).writeVersion(1);
    try (OnnxModel embedder = OnnxModel.load(model, 1, TestServers.cpu().withDevice(Device.AUTO))) {
      cudaWorks = embedder.provider() == Device.CUDA;
    }
  }

  @Test
  void cpuRunsOnTheCpu() throws Exception {
    try (OnnxModel embedder = OnnxModel.load(model, 1, TestServers.cpu())) {
      assertThat(embedder.provider()).isEqualTo(Device.CPU);
      assertThat(embedder.cudaUnavailable()).isEmpty();
    }
  }

  @Test
  void autoFallsBackToTheCpuAndSaysWhyWhereCudaCannotLoad() throws Exception {
    assumeFalse(cudaWorks, "CUDA loads on this machine");
    try (OnnxModel embedder = OnnxModel.load(model, 1, TestServers.cpu().withDevice(Device.AUTO))) {
      assertThat(embedder.provider()).isEqualTo(Device.CPU);
      assertThat(embedder.cudaUnavailable())
          .hasValueSatisfying(reason -> assertThat(reason).isNotBlank());
      assertThat(embedder.embed(new float[][] {Images.pixels(32, 32, 1)})).hasNumberOfRows(1);
    }
    assertThat(SessionFactory.cudaFailure()).isPresent();
  }

  @Test
  void cudaFailsClearlyWhereItCannotLoad() {
    assumeFalse(cudaWorks, "CUDA loads on this machine");
    assertThatThrownBy(() -> OnnxModel.load(model, 1, TestServers.cpu().withDevice(Device.CUDA)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(model.toString())
        .hasMessageContaining("--device cuda: the CUDA execution provider cannot be loaded")
        .hasMessageContaining("--device auto or --device cpu")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void cudaRunsTheModelOnTheGpuWhereItLoads() throws Exception {
    assumeTrue(cudaWorks, "no usable CUDA on this machine");
    float[] image = Images.pixels(32, 32, 2);
    try (OnnxModel gpu = OnnxModel.load(model, 1, TestServers.cpu().withDevice(Device.CUDA));
        OnnxModel cpu = OnnxModel.load(model, 1, TestServers.cpu())) {
      assertThat(gpu.provider()).isEqualTo(Device.CUDA);
      float[] onGpu = gpu.embed(new float[][] {image})[0];
      float[] onCpu = cpu.embed(new float[][] {image})[0];
      for (int i = 0; i < onCpu.length; i++) {
        assertThat(onGpu[i]).isCloseTo(onCpu[i], org.assertj.core.api.Assertions.within(1e-4f));
      }
    }
  }

  @Test
  void devicesParseIgnoringCase() {
    assertThat(Device.parse("CUDA")).isEqualTo(Device.CUDA);
    assertThat(Device.parse(" auto ")).isEqualTo(Device.AUTO);
    assertThatThrownBy(() -> Device.parse("tpu"))
        .hasMessageContaining("expected auto, cpu or cuda");
  }
}
