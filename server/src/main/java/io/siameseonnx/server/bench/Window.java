package io.siameseonnx.server.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scenario's measured window, shared by the threads of one load: it opens after the warm-up and
 * closes once the duration has passed <em>and</em> at least {@code minRequests} requests have
 * finished in it, so that a slow or busy machine gives a longer window instead of an empty one.
 */
final class Window {
  private final long opensAt;
  private final long earliestClose;
  private final long minRequests;
  private final AtomicLong finished = new AtomicLong();
  private volatile long closedAt;

  /** A window opening {@code warmup} from now. */
  Window(Duration warmup, Duration duration, long minRequests) {
    this.opensAt = System.nanoTime() + warmup.toNanos();
    this.earliestClose = opensAt + duration.toNanos();
    this.minRequests = minRequests;
  }

  /** Whether the window has closed: the load's threads stop. */
  boolean closed() {
    return closedAt != 0;
  }

  /** Whether {@code now} falls in the window. */
  boolean open(long now) {
    return now >= opensAt && !closed();
  }

  /**
   * Whether a request that finished at {@code now} falls in the window; if so, it is counted
   * towards the minimum.
   */
  boolean measures(long now) {
    if (!open(now)) {
      return false;
    }
    finished.incrementAndGet();
    return true;
  }

  /** Sleeps until the window opens. */
  void awaitOpen() throws InterruptedException {
    sleepUntil(opensAt);
  }

  /**
   * Sleeps until the duration has passed and the minimum has finished (or no thread of the load is
   * left to finish it), then closes the window.
   */
  void awaitClose(List<Thread> load) throws InterruptedException {
    sleepUntil(earliestClose);
    while (finished.get() < minRequests && load.stream().anyMatch(Thread::isAlive)) {
      Thread.sleep(1);
    }
    closedAt = System.nanoTime();
  }

  /** Whether a single-threaded loop starting a call at {@code now} should stop (and close). */
  boolean over(long now) {
    if (now >= earliestClose && finished.get() >= minRequests) {
      closedAt = now;
    }
    return closed();
  }

  /** The measured seconds, once closed. */
  double seconds() {
    return (closedAt - opensAt) / 1e9;
  }

  private static void sleepUntil(long deadline) throws InterruptedException {
    long left = deadline - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
