package io.siameseonnx.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.siameseonnx.shared.distance.Distances;
import io.siameseonnx.shared.distance.Metric;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The distances the losses measure, against {@code shared}'s plain-Java ones. The hand-made batch:
 * A = (0, 0), B = (0, 1), C = (3, 0), D = (3, 2), so AB = 1, CD = 2, AC = 3, AD = sqrt(13) and BC =
 * BD = sqrt(10).
 */
class BatchDistancesTest {
  private static final float[][] SQUARE = {{0, 0}, {0, 1}, {3, 0}, {3, 2}};
  private static final double SQRT10 = Math.sqrt(10);
  private static final double SQRT13 = Math.sqrt(13);

  private NDManager manager;

  @BeforeEach
  void openManager() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  @Test
  void pairwiseDistancesAreTheEuclideanDistancesOfTheHandMadeBatch() {
    float[][] d = matrix(BatchDistances.pairwise(Metric.EUCLIDEAN, manager.create(SQUARE)));

    double[][] expected = {
      {0, 1, 3, SQRT13},
      {1, 0, SQRT10, SQRT10},
      {3, SQRT10, 0, 2},
      {SQRT13, SQRT10, 2, 0}
    };
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        assertThat((double) d[i][j]).as("d[%d][%d]", i, j).isCloseTo(expected[i][j], within(1e-5));
      }
    }
  }

  @Test
  void pairwiseDistancesMatchEuclideanDistancesOfRandomEmbeddings() {
    Random rnd = new Random(5);
    float[][] points = new float[6][8];
    for (float[] p : points) {
      for (int k = 0; k < p.length; k++) {
        p[k] = (float) rnd.nextGaussian();
      }
    }

    float[][] d = matrix(BatchDistances.pairwise(Metric.EUCLIDEAN, manager.create(points)));

    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        if (i != j) {
          assertThat((double) d[i][j])
              .as("d[%d][%d]", i, j)
              .isCloseTo(euclidean(points[i], points[j]), within(1e-5));
        }
      }
      // the expansion |a|^2 + |b|^2 - 2ab leaves float rounding on the diagonal
      assertThat(d[i][i]).as("d[%d][%d]", i, i).isCloseTo(0f, within(1e-3f));
    }
  }

  @Test
  void theGradientOfPairwiseDistancesIsFiniteAtZeroDistance() {
    // two identical rows: their distance, like the diagonal, is zero
    NDArray e = manager.create(new float[][] {{1, 1}, {1, 1}, {3, 0}});
    e.setRequiresGradient(true);
    NDArray d;

    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      d = BatchDistances.pairwise(Metric.EUCLIDEAN, e);
      gc.backward(d.sum());
    }
    float[][] distances = matrix(d);
    float[] grad = e.getGradient().toFloatArray();

    assertThat(distances[0][0]).isCloseTo(0f, within(1e-5f));
    assertThat(distances[0][1]).isCloseTo(0f, within(1e-5f));
    for (float g : grad) {
      assertThat(Float.isFinite(g)).as("gradient %s is finite", g).isTrue();
    }
    // the zero distances add nothing; row 0 is pulled only by its distance to row 2, twice:
    // d/de0 of 2 * |e0 - e2| = 2 * (e0 - e2) / |e0 - e2| = 2 * (-2, 1) / sqrt(5)
    assertThat(grad[0]).isCloseTo((float) (-4 / Math.sqrt(5)), within(1e-4f));
    assertThat(grad[1]).isCloseTo((float) (2 / Math.sqrt(5)), within(1e-4f));
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void pairwiseDistancesMatchTheSharedDistancesOfRandomEmbeddings(Metric metric) {
    float[][] points = gaussian(6, 8, 6);

    float[][] d = matrix(BatchDistances.pairwise(metric, manager.create(points)));

    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        if (i != j) { // the diagonal's float rounding is checked above
          assertThat((double) d[i][j])
              .as("%s d[%d][%d]", metric, i, j)
              .isCloseTo(metric.between(points[i], points[j]), within(1e-5));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void rowDistancesMatchTheSharedDistancesOfRandomEmbeddings(Metric metric) {
    float[][] a = gaussian(5, 8, 7);
    float[][] b = gaussian(5, 8, 8);

    float[] d = BatchDistances.rows(metric, manager.create(a), manager.create(b)).toFloatArray();

    assertThat(d).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat((double) d[i])
          .as("%s row %d", metric, i)
          .isCloseTo(metric.between(a[i], b[i]), within(1e-5));
    }
  }

  @Test
  void cosineDistancesIgnoreLengthAndSeeOnlyTheAngle() {
    // (1, 0) and (5, 0): same direction; (0, 2): orthogonal; (-3, 0): opposite
    float[][] points = {{1, 0}, {5, 0}, {0, 2}, {-3, 0}};

    float[][] d = matrix(BatchDistances.pairwise(Metric.COSINE, manager.create(points)));

    assertThat(d[0][1]).isCloseTo(0f, within(1e-6f));
    assertThat(d[0][2]).isCloseTo(1f, within(1e-6f));
    assertThat(d[0][3]).isCloseTo(2f, within(1e-6f));
    assertThat((double) d[1][2]).isCloseTo(Distances.cosine(points[1], points[2]), within(1e-6));
  }

  @Test
  void theGradientOfCosineDistancesIsFiniteForIdenticalRows() {
    NDArray e = manager.create(new float[][] {{1, 1}, {1, 1}, {3, 0}});
    e.setRequiresGradient(true);

    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(
          BatchDistances.pairwise(Metric.COSINE, e)
              .sum()
              .add(BatchDistances.rows(Metric.COSINE, e, e).sum()));
    }

    for (float g : e.getGradient().toFloatArray()) {
      assertThat(Float.isFinite(g)).as("gradient %s is finite", g).isTrue();
    }
  }

  private static float[][] gaussian(int n, int dim, long seed) {
    Random rnd = new Random(seed);
    float[][] points = new float[n][dim];
    for (float[] p : points) {
      for (int k = 0; k < dim; k++) {
        p[k] = (float) rnd.nextGaussian();
      }
    }
    return points;
  }

  private static double euclidean(float[] a, float[] b) {
    return Distances.euclidean(a, b);
  }

  private static float[][] matrix(NDArray d) {
    int n = (int) d.getShape().get(0);
    float[] flat = d.toFloatArray();
    float[][] out = new float[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * n, out[i], 0, n);
    }
    return out;
  }
}
