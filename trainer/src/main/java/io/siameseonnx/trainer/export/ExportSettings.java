package io.siameseonnx.trainer.export;

import java.time.Clock;
import java.util.Objects;

/**
 * Settings of an export besides the tower and the repository. The metric is not one of them: the
 * pair model computes, and the card records, the distance the checkpoint was trained and calibrated
 * with.
 *
 * @param maxBatchSize Triton's {@code max_batch_size} for both models
 * @param tolerance the largest ONNX-versus-DJL difference accepted
 * @param randomImages random images added to the caller's for verification
 * @param seed seed of those random images
 * @param clock the source of the card's {@code created_at}
 */
public record ExportSettings(
    int maxBatchSize, double tolerance, int randomImages, long seed, Clock clock) {
  /** The verification tolerance the issue asks for. */
  public static final double DEFAULT_TOLERANCE = 1e-4;

  /** Triton's largest dynamic batch by default. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 64;

  /** Checks the settings. */
  public ExportSettings {
    Objects.requireNonNull(clock, "clock");
    if (maxBatchSize <= 0) {
      throw new IllegalArgumentException("maxBatchSize must be positive");
    }
    if (Double.isNaN(tolerance)) {
      throw new IllegalArgumentException("tolerance must be a number");
    }
    if (randomImages < 0) {
      throw new IllegalArgumentException("randomImages must not be negative");
    }
  }

  /** Batches up to 64, tolerance 1e-4, 8 random images. */
  public static ExportSettings defaults() {
    return new ExportSettings(DEFAULT_MAX_BATCH_SIZE, DEFAULT_TOLERANCE, 8, 42L, Clock.systemUTC());
  }

  /** A copy with another tolerance. */
  public ExportSettings withTolerance(double newTolerance) {
    return new ExportSettings(maxBatchSize, newTolerance, randomImages, seed, clock);
  }

  /** A copy with another Triton {@code max_batch_size}. */
  public ExportSettings withMaxBatchSize(int newMaxBatchSize) {
    return new ExportSettings(newMaxBatchSize, tolerance, randomImages, seed, clock);
  }

  /** A copy with another clock. */
  public ExportSettings withClock(Clock newClock) {
    return new ExportSettings(maxBatchSize, tolerance, randomImages, seed, newClock);
  }
}
