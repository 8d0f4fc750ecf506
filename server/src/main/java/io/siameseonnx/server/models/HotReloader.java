package io.siameseonnx.server.models;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the repository for newer versions. Polling rather than file-system events: it works the
 * same on bind mounts and network volumes, where watch events are unreliable, and a version folder
 * appears atomically anyway.
 */
public final class HotReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HotReloader.class);

  private final ModelManager manager;
  private final Duration interval;
  private ScheduledExecutorService scheduler;

  /** A reloader for {@code manager}, checking every {@code interval} once started. */
  public HotReloader(ModelManager manager, Duration interval) {
    this.manager = manager;
    this.interval = interval;
  }

  /** Starts polling, unless the interval is zero (hot reload off). */
  public synchronized void start() {
    if (interval.isZero() || scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "model-reloader");
              t.setDaemon(true);
              return t;
            });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
    LOG.info("Watching {} for new versions every {} ms", manager.source().modelDir(), millis);
  }

  private void check() {
    try {
      manager.reload();
    } catch (RuntimeException e) {
      LOG.error("Model reload check failed", e);
    }
  }

  /** Stops polling. */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
