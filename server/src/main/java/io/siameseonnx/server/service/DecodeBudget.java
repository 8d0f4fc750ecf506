package io.siameseonnx.server.service;

import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.shared.image.DecodeGate;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the pixels being decoded at once, over all requests: a PNG of a hundred kilobytes can hold
 * 40 megapixels, and forty of them decoded together exhaust a 6 GB heap. An image waits for its
 * share (at most the whole budget, so one image larger than the budget is decoded alone) up to the
 * request timeout, and is then refused as an overload (429) rather than risking the process.
 */
public final class DecodeBudget implements DecodeGate {
  /** Bytes one pixel may take at the peak of decoding: raster, gray floats, resampling. */
  public static final int BYTES_PER_PIXEL = 16;

  /** Permits are counted in blocks of this many pixels. */
  private static final long BLOCK = 1024;

  private final Semaphore blocks;
  private final int totalBlocks;
  private final Duration wait;

  /**
   * A budget of {@code pixels} pixels.
   *
   * @param pixels the most pixels decoded at once (at least one block)
   * @param wait how long an image waits for its share
   */
  public DecodeBudget(long pixels, Duration wait) {
    if (pixels <= 0) {
      throw new IllegalArgumentException("the decode budget must be positive");
    }
    this.totalBlocks = (int) Math.min(Integer.MAX_VALUE, Math.max(1, pixels / BLOCK));
    this.blocks = new Semaphore(totalBlocks, true);
    this.wait = wait;
  }

  /** A quarter of the heap at {@link #BYTES_PER_PIXEL} bytes a pixel. */
  public static long defaultPixels() {
    return Runtime.getRuntime().maxMemory() / 4 / BYTES_PER_PIXEL;
  }

  /** The budget in pixels. */
  public long pixels() {
    return totalBlocks * BLOCK;
  }

  /** Pixels not taken at the moment. */
  public long availablePixels() {
    return blocks.availablePermits() * BLOCK;
  }

  @Override
  public Permit admit(long pixels) {
    long blocksOfImage = pixels / BLOCK + (pixels % BLOCK == 0 ? 0 : 1); // no overflow near MAX
    int need = (int) Math.min(totalBlocks, Math.max(1, blocksOfImage));
    boolean granted;
    try {
      granted = blocks.tryAcquire(need, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OverloadedException("interrupted while waiting to decode an image", true);
    }
    if (!granted) {
      throw new OverloadedException(
          "too many large images are being decoded at once (an image of "
              + pixels
              + " pixels waited "
              + wait.toSeconds()
              + " s); retry shortly",
          false);
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        blocks.release(need);
      }
    };
  }
}
