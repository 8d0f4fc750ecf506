package io.siameseonnx.server;

import io.siameseonnx.server.batching.BatcherOptions;
import io.siameseonnx.server.runtime.Device;
import io.siameseonnx.server.runtime.OptimizationLevel;
import io.siameseonnx.server.runtime.RuntimeOptions;
import picocli.CommandLine.Option;

/**
 * The ONNX Runtime and batching options shared by {@code serve} and {@code bench}; each flag also
 * reads an environment variable, for containers.
 */
public final class RuntimeArgs {
  @Option(
      names = "--device",
      defaultValue = "${env:SIAMESE_DEVICE:-auto}",
      description =
          "auto (CUDA when it loads, else CPU), cpu or cuda. Env SIAMESE_DEVICE. Default: ${DEFAULT-VALUE}")
  String device;

  @Option(
      names = "--cuda-device-id",
      defaultValue = "${env:SIAMESE_CUDA_DEVICE_ID:-0}",
      description = "GPU index for CUDA. Env SIAMESE_CUDA_DEVICE_ID. Default: ${DEFAULT-VALUE}")
  int cudaDeviceId;

  @Option(
      names = "--intra-op-threads",
      defaultValue = "${env:SIAMESE_INTRA_OP_THREADS:-0}",
      description =
          "ONNX Runtime threads inside an operator, for each batch run; 0: one (batches run side by side instead, see --instances). Env SIAMESE_INTRA_OP_THREADS. Default: ${DEFAULT-VALUE}")
  int intraOpThreads;

  @Option(
      names = "--instances",
      defaultValue = "${env:SIAMESE_INSTANCES:-0}",
      description =
          "Most batches run at once, each on its own thread (Triton's instance count); 0: cores / intra-op threads on the CPU (one batch at a time on CUDA). Env SIAMESE_INSTANCES. Default: ${DEFAULT-VALUE}")
  int instances;

  @Option(
      names = "--inter-op-threads",
      defaultValue = "${env:SIAMESE_INTER_OP_THREADS:-1}",
      description =
          "ONNX Runtime threads across operators. Env SIAMESE_INTER_OP_THREADS. Default: ${DEFAULT-VALUE}")
  int interOpThreads;

  @Option(
      names = "--optimization-level",
      defaultValue = "${env:SIAMESE_OPTIMIZATION_LEVEL:-all}",
      description =
          "Graph optimisation: none, basic, extended or all. Env SIAMESE_OPTIMIZATION_LEVEL. Default: ${DEFAULT-VALUE}")
  String optimizationLevel;

  @Option(
      names = "--ort-spinning",
      defaultValue = "${env:SIAMESE_ORT_SPINNING:-false}",
      arity = "0..1",
      description =
          "Let idle ONNX Runtime threads spin (lower latency, but they take CPU from HTTP threads). Env SIAMESE_ORT_SPINNING. Default: ${DEFAULT-VALUE}")
  boolean spinning;

  @Option(
      names = "--max-batch-size",
      defaultValue = "${env:SIAMESE_MAX_BATCH_SIZE:-64}",
      description =
          "Most images in one ONNX Runtime call. Env SIAMESE_MAX_BATCH_SIZE. Default: ${DEFAULT-VALUE}")
  int maxBatchSize;

  @Option(
      names = "--max-queue-delay",
      defaultValue = "${env:SIAMESE_MAX_QUEUE_DELAY:-8ms}",
      description =
          "Longest wait for a batch to fill while more images are on their way (e.g. 500us, 2ms; 0: never). Env SIAMESE_MAX_QUEUE_DELAY. Default: ${DEFAULT-VALUE}")
  String maxQueueDelay;

  @Option(
      names = "--queue-capacity",
      defaultValue = "${env:SIAMESE_QUEUE_CAPACITY:-1024}",
      description =
          "Most images waiting; beyond it requests get 429. Env SIAMESE_QUEUE_CAPACITY. Default: ${DEFAULT-VALUE}")
  int queueCapacity;

  /** The ONNX Runtime options. */
  public RuntimeOptions runtime() {
    return new RuntimeOptions(
        Device.parse(device),
        cudaDeviceId,
        intraOpThreads(),
        interOpThreads,
        OptimizationLevel.parse(optimizationLevel),
        spinning);
  }

  /** The batcher options. */
  public BatcherOptions batching() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new BatcherOptions(
        maxBatchSize,
        Units.duration(maxQueueDelay),
        queueCapacity,
        instances == 0 ? Math.max(1, cores / intraOpThreads()) : instances);
  }

  /**
   * One thread an operator unless told otherwise: on the CPU a batch run on one thread costs a
   * third less CPU than on two whose threads wake each other between operators, and the cores are
   * used by running batches side by side.
   */
  private int intraOpThreads() {
    return intraOpThreads == 0 ? 1 : intraOpThreads;
  }
}
