package io.siameseonnx.server.gallery.bench;

import java.util.SplittableRandom;

/**
 * Random unit vectors clustered like real embeddings: each belongs to one of {@code clusters}
 * subjects and lies around its subject's random centre, {@code normalise(centre + noise)} with
 * Gaussian noise of expected length {@code spread}. Vector {@code i} depends only on the seed and
 * {@code i}, so data and queries can be regenerated anywhere; queries are fresh samples around
 * random centres, as probes of enrolled subjects are.
 */
public final class ClusteredVectors {
  private final int dimension;
  private final float[][] centres;
  private final double spread;
  private final long seed;

  /** A generator of {@code dimension}-d vectors around {@code clusters} centres. */
  public ClusteredVectors(int dimension, int clusters, double spread, long seed) {
    if (dimension < 1 || clusters < 1 || !(spread >= 0)) {
      throw new IllegalArgumentException("dimension and clusters must be positive, spread >= 0");
    }
    this.dimension = dimension;
    this.spread = spread;
    this.seed = seed;
    SplittableRandom random = new SplittableRandom(seed);
    this.centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      centres[c] = normalise(gaussian(random, 1.0));
    }
  }

  /** The cluster (subject) of data vector {@code i}. */
  public int cluster(long i) {
    return new SplittableRandom(mix(seed, i)).nextInt(centres.length);
  }

  /** Data vector {@code i}. */
  public float[] vector(long i) {
    return sample(mix(seed, i));
  }

  /** Query {@code j}: a fresh sample (not a data vector) around a random centre. */
  public float[] query(long j) {
    return sample(mix(~seed, j));
  }

  /** The dimension. */
  public int dimension() {
    return dimension;
  }

  private float[] sample(long stream) {
    SplittableRandom random = new SplittableRandom(stream);
    float[] centre = centres[random.nextInt(centres.length)];
    float[] noise = gaussian(random, spread / Math.sqrt(dimension));
    for (int d = 0; d < dimension; d++) {
      noise[d] += centre[d];
    }
    return normalise(noise);
  }

  private float[] gaussian(SplittableRandom random, double sigma) {
    float[] v = new float[dimension];
    for (int d = 0; d < dimension; d++) {
      v[d] = (float) (random.nextGaussian() * sigma);
    }
    return v;
  }

  private static float[] normalise(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    double scale = norm == 0 ? 0 : 1 / Math.sqrt(norm);
    for (int d = 0; d < v.length; d++) {
      v[d] = (float) (v[d] * scale);
    }
    return v;
  }

  private static long mix(long seed, long i) {
    long z = seed + 0x9E3779B97F4A7C15L * (i + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
