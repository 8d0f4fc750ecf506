package io.siameseonnx.server.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions on the requested device. With {@link Device#AUTO} it tries the CUDA
 * execution provider and falls back to the CPU, remembering for the life of the process why CUDA
 * failed so that hot reloads do not try again.
 */
public final class SessionFactory {
  private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

  /** Why CUDA could not be loaded in this process, once a try has failed. */
  private static final AtomicReference<String> CUDA_FAILURE = new AtomicReference<>();

  private SessionFactory() {}

  /**
   * An open session and where it runs.
   *
   * @param session the session; the caller owns and closes it
   * @param provider {@link Device#CPU} or {@link Device#CUDA}
   * @param cudaUnavailable why CUDA was not used, where {@code auto} fell back to the CPU
   */
  public record OpenedSession(
      OrtSession session, Device provider, Optional<String> cudaUnavailable) {}

  /** Opens {@code file} as the options say. */
  public static OpenedSession open(Path file, RuntimeOptions options) throws ModelLoadException {
    OrtEnvironment env = OrtRuntime.environment();
    return switch (options.device()) {
      case CPU -> new OpenedSession(createCpu(env, file, options), Device.CPU, Optional.empty());
      case CUDA -> openCuda(env, file, options);
      case AUTO -> openAuto(env, file, options);
    };
  }

  /** Why CUDA failed to load in this process, if it has been tried and failed. */
  public static Optional<String> cudaFailure() {
    return Optional.ofNullable(CUDA_FAILURE.get());
  }

  private static OpenedSession openCuda(OrtEnvironment env, Path file, RuntimeOptions options)
      throws ModelLoadException {
    try (OrtSession.SessionOptions so = baseOptions(options)) {
      String failure = addCuda(so, options.cudaDeviceId());
      if (failure != null) {
        throw new ModelLoadException(
            file,
            "--device cuda: the CUDA execution provider cannot be loaded ("
                + failure
                + "); it needs an NVIDIA GPU, CUDA 12 with cuDNN 9 and the default onnxruntime_gpu"
                + " build; use --device auto or --device cpu to run on the CPU");
      }
      return new OpenedSession(
          env.createSession(file.toString(), so), Device.CUDA, Optional.empty());
    } catch (OrtException e) {
      throw new ModelLoadException(file, describe(e), e);
    }
  }

  private static OpenedSession openAuto(OrtEnvironment env, Path file, RuntimeOptions options)
      throws ModelLoadException {
    String failure = CUDA_FAILURE.get();
    if (failure == null) {
      try (OrtSession.SessionOptions so = baseOptions(options)) {
        failure = addCuda(so, options.cudaDeviceId());
        if (failure == null) {
          try {
            return new OpenedSession(
                env.createSession(file.toString(), so), Device.CUDA, Optional.empty());
          } catch (OrtException e) {
            // A model problem fails again on the CPU below and is reported from there.
            failure = "session creation on CUDA failed: " + describe(e);
            LOG.warn("CUDA session for {} failed, trying the CPU: {}", file, failure);
          }
        } else {
          CUDA_FAILURE.compareAndSet(null, failure);
          LOG.info("CUDA execution provider unavailable ({}); using the CPU", failure);
        }
      } catch (OrtException e) {
        throw new ModelLoadException(file, describe(e), e);
      }
    }
    return new OpenedSession(createCpu(env, file, options), Device.CPU, Optional.of(failure));
  }

  private static OrtSession createCpu(OrtEnvironment env, Path file, RuntimeOptions options)
      throws ModelLoadException {
    try (OrtSession.SessionOptions so = baseOptions(options)) {
      return env.createSession(file.toString(), so);
    } catch (OrtException e) {
      throw new ModelLoadException(file, describe(e), e);
    }
  }

  /** Adds the CUDA provider; returns why it failed, or null. */
  private static String addCuda(OrtSession.SessionOptions so, int deviceId) {
    try {
      so.addCUDA(deviceId);
      return null;
    } catch (OrtException | UnsatisfiedLinkError e) {
      return ModelLoadException.oneLine(e.getMessage());
    }
  }

  private static OrtSession.SessionOptions baseOptions(RuntimeOptions options) throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      so.setOptimizationLevel(options.optimizationLevel().ort());
      if (options.intraOpThreads() > 0) {
        so.setIntraOpNumThreads(options.intraOpThreads());
      }
      if (options.interOpThreads() > 0) {
        so.setInterOpNumThreads(options.interOpThreads());
      }
      String spin = options.allowSpinning() ? "1" : "0";
      so.addConfigEntry("session.intra_op.allow_spinning", spin);
      so.addConfigEntry("session.inter_op.allow_spinning", spin);
      return so;
    } catch (OrtException e) {
      so.close();
      throw e;
    }
  }

  private static String describe(OrtException e) {
    return ModelLoadException.oneLine(e.getMessage());
  }
}
