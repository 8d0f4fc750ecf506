package io.siameseonnx.server.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ONNX Runtime's process-wide environment, created once and never closed.
 *
 * <p>It is created on a thread of its own with a 64 MB stack: loading ONNX Runtime 1.29's native
 * library on Linux x86-64 needs more than the 1-2 MB stack of an ordinary Java thread, and on one
 * it dies with SIGSEGV inside {@code OrtEnvironment.getEnvironment()} (seen with both the CPU and
 * the GPU jar). Sessions and runs afterwards are fine on any thread.
 *
 * <p>ONNX Runtime's own log is limited to fatal messages: every failure the server cares about
 * reaches it as an exception and is logged with context, while the native log would print, for
 * example, an error line for the missing CUDA libraries on every CPU-only machine where {@code
 * --device auto} falls back as designed.
 */
public final class OrtRuntime {
  private static final long INIT_STACK_BYTES = 64L << 20;
  private static volatile OrtEnvironment environment;

  private OrtRuntime() {}

  /** The environment, created on first use. */
  public static OrtEnvironment environment() {
    OrtEnvironment env = environment;
    if (env != null) {
      return env;
    }
    synchronized (OrtRuntime.class) {
      if (environment == null) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread init =
            new Thread(
                null,
                () -> {
                  try {
                    outcome.set(
                        OrtEnvironment.getEnvironment(
                            OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, "siamese-server"));
                  } catch (Throwable e) {
                    outcome.set(e);
                  }
                },
                "onnxruntime-init",
                INIT_STACK_BYTES);
        init.start();
        boolean interrupted = false;
        while (init.isAlive()) {
          try {
            init.join();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        if (outcome.get() instanceof OrtEnvironment created) {
          environment = created;
        } else if (outcome.get() instanceof Error error) {
          throw error;
        } else {
          throw new IllegalStateException(
              "ONNX Runtime failed to initialise", (Throwable) outcome.get());
        }
      }
      return environment;
    }
  }
}
