package io.siameseonnx.server.service;

import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.shared.image.DecodeGate;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the memory being decoded into at once, over all requests: a PNG of a hundred kilobytes can
 * hold 36 megapixels, and forty of them decoded together exhaust a 6 GB heap. Each image is counted
 * by the bytes its decoding takes (its raster as the decoder allocates it, bands times bits, plus
 * the float image it becomes), learnt from its header before its pixels are decoded.
 *
 * <p>A quarter of the budget is kept for small images (those that take at most a sixteenth of that
 * share), so that a thumbnail never queues behind a batch of huge images: a small image takes room
 * from the small share when it has some, else from the main share; a large image only ever waits
 * for the main share (at most all of it, so one image larger than the budget is decoded alone). An
 * image waits up to the request timeout, and is then refused as an overload (429) rather than
 * risking the process.
 */
public final class DecodeBudget implements DecodeGate {
  /** Permits are counted in blocks of this many bytes. */
  private static final long BLOCK = 16 * 1024;

  private final Semaphore main;
  private final Semaphore small;
  private final int mainBlocks;
  private final int smallBlocks;
  private final long smallLimit;
  private final Duration wait;

  /**
   * A budget of {@code bytes} bytes.
   *
   * @param bytes the most bytes decoded into at once (at least a few blocks)
   * @param wait how long an image waits for its share
   */
  public DecodeBudget(long bytes, Duration wait) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("the decode budget must be positive");
    }
    long total = Math.min(Integer.MAX_VALUE, Math.max(2, bytes / BLOCK));
    this.smallBlocks = (int) Math.max(1, total / 4);
    this.mainBlocks = (int) Math.max(1, total - smallBlocks);
    this.main = new Semaphore(mainBlocks, true);
    this.small = new Semaphore(smallBlocks, false);
    this.smallLimit = Math.max(BLOCK, smallBlocks * BLOCK / 16);
    this.wait = wait;
  }

  /** A quarter of the heap. */
  public static long defaultBytes() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /** The budget in bytes. */
  public long bytes() {
    return (mainBlocks + (long) smallBlocks) * BLOCK;
  }

  /** The largest image (in bytes of decoding) that counts as small. */
  public long smallImageBytes() {
    return smallLimit;
  }

  /** Bytes not taken at the moment. */
  public long availableBytes() {
    return (main.availablePermits() + (long) small.availablePermits()) * BLOCK;
  }

  @Override
  public Permit admit(long bytes) {
    long blocksOfImage = bytes / BLOCK + (bytes % BLOCK == 0 ? 0 : 1); // no overflow near MAX
    if (bytes <= smallLimit) {
      int need = (int) Math.max(1, blocksOfImage);
      if (small.tryAcquire(need)) {
        return permit(small, need);
      }
    }
    int need = (int) Math.min(mainBlocks, Math.max(1, blocksOfImage));
    boolean granted;
    try {
      granted = main.tryAcquire(need, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OverloadedException("interrupted while waiting to decode an image", true);
    }
    if (!granted) {
      throw new OverloadedException(
          "too many large images are being decoded at once (an image whose decoding takes "
              + bytes
              + " bytes waited "
              + wait.toSeconds()
              + " s); retry shortly",
          false);
    }
    return permit(main, need);
  }

  private static Permit permit(Semaphore from, int blocks) {
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        from.release(blocks);
      }
    };
  }
}
