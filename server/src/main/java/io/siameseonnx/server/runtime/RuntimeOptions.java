package io.siameseonnx.server.runtime;

/**
 * How ONNX Runtime sessions are created.
 *
 * @param device where the model runs
 * @param cudaDeviceId the GPU index used with CUDA
 * @param intraOpThreads threads inside one operator (0: ONNX Runtime's default, one a core)
 * @param interOpThreads threads across operators (the graph runs sequentially, so 1 is enough)
 * @param optimizationLevel graph optimisation level
 * @param allowSpinning whether idle ONNX Runtime threads spin (faster hand-off, but they burn CPU
 *     that HTTP and preprocessing threads could use)
 */
public record RuntimeOptions(
    Device device,
    int cudaDeviceId,
    int intraOpThreads,
    int interOpThreads,
    OptimizationLevel optimizationLevel,
    boolean allowSpinning) {

  /** Checks the thread counts. */
  public RuntimeOptions {
    if (intraOpThreads < 0 || interOpThreads < 0 || cudaDeviceId < 0) {
      throw new IllegalArgumentException(
          "thread counts and the CUDA device id must not be negative");
    }
  }

  /** CPU, one intra-op thread a core, all optimisations, no spinning. */
  public static RuntimeOptions cpu() {
    return new RuntimeOptions(
        Device.CPU, 0, Runtime.getRuntime().availableProcessors(), 1, OptimizationLevel.ALL, false);
  }

  /**
   * CPU with {@code intraOpThreads} threads an operator, all optimisations, no spinning: the
   * server's default is one, with batches run side by side.
   */
  public static RuntimeOptions cpu(int intraOpThreads) {
    return new RuntimeOptions(Device.CPU, 0, intraOpThreads, 1, OptimizationLevel.ALL, false);
  }

  /** A copy on another device. */
  public RuntimeOptions withDevice(Device other) {
    return new RuntimeOptions(
        other, cudaDeviceId, intraOpThreads, interOpThreads, optimizationLevel, allowSpinning);
  }
}
