package io.siameseonnx.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.support.Gpu;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU, CUDA and auto. Whether this machine has a GPU is decided from the machine itself ({@link
 * Gpu}), not by the code under test: where it has one, the CUDA tests must pass (and the fallback
 * tests are skipped); where it has none, the fallback tests run and the CUDA tests are skipped.
 */
class DeviceSelectionTest {
  @TempDir static Path repo;
  static Path model;
  static boolean gpu;

  @BeforeAll
  static void probe() throws Exception {
    model = new TestRepository(repo).writeVersion(1);
    gpu = Gpu.present();
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
    assumeFalse(gpu, "this machine has a GPU");
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
    assumeFalse(gpu, "this machine has a GPU");
    assertThatThrownBy(() -> OnnxModel.load(model, 1, TestServers.cpu().withDevice(Device.CUDA)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(model.toString())
        .hasMessageContaining("--device cuda: the CUDA execution provider cannot be loaded")
        .hasMessageContaining("--device auto or --device cpu")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void autoChoosesTheGpuWhereThereIsOne() throws Exception {
    assumeTrue(gpu, "this machine has no NVIDIA GPU (nvidia-smi)");
    try (OnnxModel embedder = OnnxModel.load(model, 1, TestServers.cpu().withDevice(Device.AUTO))) {
      assertThat(embedder.provider()).isEqualTo(Device.CUDA);
      assertThat(embedder.cudaUnavailable()).isEmpty();
    }
  }

  @Test
  void cudaRunsTheModelOnTheGpuWhereItLoads() throws Exception {
    assumeTrue(gpu, "this machine has no NVIDIA GPU (nvidia-smi)");
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
