package io.siameseonnx.server.gallery;

import io.siameseonnx.shared.distance.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Models, vectors and embedding functions for gallery tests. */
final class GalleryFixtures {
  static final int DIMENSION = 16;
  static final List<Integer> INPUT_SHAPE = List.of(1, 4, 4);

  /** Small index settings so that tests build quickly; merges on two workers. */
  static final VectorIndexOptions OPTIONS =
      new VectorIndexOptions(
          16, 100, VectorIndexOptions.Quantization.NONE, 2, 16, 64, 100, 1, false);

  private GalleryFixtures() {}

  static ModelStamp model(long version) {
    return model(version, Metric.EUCLIDEAN);
  }

  static ModelStamp model(long version, Metric metric) {
    return new ModelStamp(
        "test-embedding", version, "fingerprint-" + version, DIMENSION, metric, 0.5, INPUT_SHAPE);
  }

  /** A random tensor in [0, 1). */
  static float[] tensor(Random random) {
    float[] t = new float[16];
    for (int i = 0; i < t.length; i++) {
      t[i] = random.nextFloat();
    }
    return t;
  }

  /**
   * A deterministic "model": a fixed random projection of the tensor, scaled to unit length. Two
   * seeds give two models whose embeddings of the same tensor differ.
   */
  static TensorEmbedder projection(long seed) {
    Random random = new Random(seed);
    float[][] weights = new float[DIMENSION][16];
    for (float[] row : weights) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) random.nextGaussian();
      }
    }
    return tensors -> {
      float[][] out = new float[tensors.length][];
      for (int n = 0; n < tensors.length; n++) {
        float[] e = new float[DIMENSION];
        double norm = 0;
        for (int d = 0; d < DIMENSION; d++) {
          double sum = 0;
          for (int i = 0; i < 16; i++) {
            sum += weights[d][i] * (tensors[n][i] - 0.5);
          }
          e[d] = (float) sum;
          norm += sum * sum;
        }
        for (int d = 0; d < DIMENSION; d++) {
          e[d] = (float) (e[d] / Math.sqrt(norm));
        }
        out[n] = e;
      }
      return out;
    };
  }

  /** Examples of random tensors embedded by {@code model}. */
  static List<NewExample> examples(Random random, TensorEmbedder model, int count) {
    List<NewExample> examples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      float[] t = tensor(random);
      examples.add(new NewExample(t, model.embed(new float[][] {t})[0], Optional.empty()));
    }
    return examples;
  }

  /** An example with this embedding and a zero tensor. */
  static NewExample withEmbedding(float[] embedding) {
    return new NewExample(new float[16], embedding, Optional.empty());
  }

  /** A unit vector along axis {@code axis}, scaled by {@code length}. */
  static float[] axis(int axis, float length) {
    float[] v = new float[DIMENSION];
    v[axis] = length;
    return v;
  }

  /** {@code v} with {@code delta} added to coordinate {@code at}. */
  static float[] nudge(float[] v, int at, float delta) {
    float[] copy = v.clone();
    copy[at] += delta;
    return copy;
  }
}
