package io.siameseonnx.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.siameseonnx.shared.distance.Metric;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Online mining on batches small enough to work out by hand.
 *
 * <p>The main batch: class 0 at A = (0, 0) and B = (0, 1), class 1 at C = (3, 0) and D = (3, 2).
 * Its distances: AB = 1, CD = 2, AC = 3, AD = sqrt(13), BC = BD = sqrt(10).
 */
class MiningTest {
  private static final float[][] SQUARE = {{0, 0}, {0, 1}, {3, 0}, {3, 2}};
  private static final int[] SQUARE_LABELS = {0, 0, 1, 1};
  private static final double SQRT10 = Math.sqrt(10);
  private static final double SQRT13 = Math.sqrt(13);

  /**
   * On a line: class 0 at A = 0 and B = 4, class 1 at C = 1 and D = 3. A and B are farther from
   * each other (4) than from any negative, so neither has a semi-hard negative; C and D (2 apart)
   * each have one negative nearer (1) and one farther (3).
   */
  private static final float[][] LINE = {{0, 0}, {4, 0}, {1, 0}, {3, 0}};

  private static final int[] LINE_LABELS = {0, 0, 1, 1};

  private NDManager manager;

  @BeforeEach
  void openManager() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void closeManager() {
    manager.close();
  }

  private static double hinge(double x) {
    return Math.max(0, x);
  }

  private float triplet(Mining mining, float[][] points, int[] labels, float alpha) {
    return mining
        .tripletLoss(manager.create(points), manager.create(labels), alpha, Metric.EUCLIDEAN)
        .getFloat();
  }

  private float contrastive(Mining mining, float[][] points, int[] labels, float margin) {
    return mining
        .contrastiveLoss(manager.create(points), manager.create(labels), margin, Metric.EUCLIDEAN)
        .getFloat();
  }

  @ParameterizedTest
  @EnumSource(Mining.class)
  void theGradientOfEveryTripletLossIsFiniteWithDuplicateEmbeddings(Mining mining) {
    NDArray e = manager.create(new float[][] {{1, 1}, {1, 1}, {1, 1}, {2, 1}});
    e.setRequiresGradient(true);
    NDArray labels = manager.create(new int[] {0, 0, 1, 1});

    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss = mining.tripletLoss(e, labels, 0.5f, Metric.EUCLIDEAN);
      assertThat(Float.isFinite(loss.getFloat())).isTrue();
      gc.backward(loss);
    }

    for (float g : e.getGradient().toFloatArray()) {
      assertThat(Float.isFinite(g)).as("gradient %s is finite", g).isTrue();
    }
  }

  @Test
  void batchHardTakesEachAnchorsFarthestPositiveAndNearestNegative() {
    float alpha = 1.5f;
    // A: 1 - min(3, sqrt13); B: 1 - sqrt10; C: 2 - min(3, sqrt10); D: 2 - min(sqrt13, sqrt10)
    double expected =
        (hinge(1 - 3 + alpha)
                + hinge(1 - SQRT10 + alpha)
                + hinge(2 - 3 + alpha)
                + hinge(2 - SQRT10 + alpha))
            / 4;

    assertThat(expected).isCloseTo(0.2094, within(1e-4));
    assertThat((double) triplet(Mining.BATCH_HARD, SQUARE, SQUARE_LABELS, alpha))
        .isCloseTo(expected, within(1e-5));
  }

  @Test
  void batchHardPicksTheFarthestOfSeveralPositives() {
    // class 0 at 0, 1 and 5 on a line; class 1 far away at 20 and 21
    float[][] points = {{0, 0}, {1, 0}, {5, 0}, {20, 0}, {21, 0}};
    int[] labels = {0, 0, 0, 1, 1};
    float alpha = 16f;
    // anchors: 0 -> max pos 5, min neg 20; 1 -> 4, 19; 5 -> 5, 15; 20 -> 1, 15; 21 -> 1, 16
    double expected =
        (hinge(5 - 20 + alpha)
                + hinge(4 - 19 + alpha)
                + hinge(5 - 15 + alpha)
                + hinge(1 - 15 + alpha)
                + hinge(1 - 16 + alpha))
            / 5;

    assertThat((double) triplet(Mining.BATCH_HARD, points, labels, alpha))
        .isCloseTo(expected, within(1e-4));
  }

  @Test
  void semiHardUsesTheNearestNegativeFartherThanThePositive() {
    float alpha = 1.5f;
    // (A,B): negatives 3 and sqrt13 both beyond 1, nearest 3; (B,A): sqrt10;
    // (C,D): negatives 3 and sqrt10 beyond 2, nearest 3; (D,C): sqrt13 and sqrt10, nearest sqrt10
    double expected =
        (hinge(1 - 3 + alpha)
                + hinge(1 - SQRT10 + alpha)
                + hinge(2 - 3 + alpha)
                + hinge(2 - SQRT10 + alpha))
            / 4;

    assertThat((double) triplet(Mining.SEMI_HARD, SQUARE, SQUARE_LABELS, alpha))
        .isCloseTo(expected, within(1e-5));
  }

  @Test
  void semiHardFallsBackToTheFarthestNegativeWhenNoneIsFartherThanThePositive() {
    float alpha = 1.5f;
    // (A,B) and (B,A): d = 4, negatives at 1 and 3 are both nearer: the farthest, 3, is used.
    // (C,D) and (D,C): d = 2, negatives at 1 (harder) and 3 (semi-hard): 3 is used.
    double expected =
        (hinge(4 - 3 + alpha) + hinge(4 - 3 + alpha) + hinge(2 - 3 + alpha) + hinge(2 - 3 + alpha))
            / 4;

    assertThat(expected).isEqualTo(1.5);
    assertThat((double) triplet(Mining.SEMI_HARD, LINE, LINE_LABELS, alpha))
        .isCloseTo(expected, within(1e-5));
  }

  @Test
  void batchHardOnTheSameLineTakesTheNearestNegativeInstead() {
    float alpha = 1.5f;
    // every anchor's nearest negative is 1 away; positives 4, 4, 2, 2
    double expected =
        (hinge(4 - 1 + alpha) + hinge(4 - 1 + alpha) + hinge(2 - 1 + alpha) + hinge(2 - 1 + alpha))
            / 4;

    assertThat((double) triplet(Mining.BATCH_HARD, LINE, LINE_LABELS, alpha))
        .isCloseTo(expected, within(1e-5));
  }

  @Test
  void noMiningAveragesOverEveryValidTriplet() {
    float alpha = 1.5f;
    // 4 anchors x 1 positive x 2 negatives = 8 triplets, easy ones included in the mean
    double expected =
        (hinge(1 - 3 + alpha)
                + hinge(1 - SQRT13 + alpha)
                + hinge(1 - SQRT10 + alpha)
                + hinge(1 - SQRT10 + alpha)
                + hinge(2 - 3 + alpha)
                + hinge(2 - SQRT10 + alpha)
                + hinge(2 - SQRT13 + alpha)
                + hinge(2 - SQRT10 + alpha))
            / 8;

    assertThat(expected).isCloseTo(0.1469, within(1e-4));
    assertThat((double) triplet(Mining.NONE, SQUARE, SQUARE_LABELS, alpha))
        .isCloseTo(expected, within(1e-5));
  }

  @Test
  void noMiningOnTheLineCountsTheSameTripletsWithOtherDistances() {
    float alpha = 1.5f;
    // A: p 4, n 1, 3; B: p 4, n 3, 1; C: p 2, n 1, 3; D: p 2, n 3, 1
    double expected =
        (2 * (hinge(4 - 1 + alpha) + hinge(4 - 3 + alpha))
                + 2 * (hinge(2 - 1 + alpha) + hinge(2 - 3 + alpha)))
            / 8;

    assertThat((double) triplet(Mining.NONE, LINE, LINE_LABELS, alpha))
        .isCloseTo(expected, within(1e-5));
  }

  @Test
  void contrastiveWithoutMiningAddsTheMeanPositiveAndTheMeanNegativeTerm() {
    float margin = 3.5f;
    // positive pairs (both orders): d^2 = 1, 1, 4, 4
    double positive = (1 + 1 + 4 + 4) / 4.0;
    // negative pairs (both orders): max(0, m - d)^2 for 3, sqrt13, sqrt10, sqrt10, twice each
    double negative =
        (sq(hinge(margin - 3)) + sq(hinge(margin - SQRT13)) + 2 * sq(hinge(margin - SQRT10))) / 4;

    assertThat((double) contrastive(Mining.NONE, SQUARE, SQUARE_LABELS, margin))
        .isCloseTo(positive + negative, within(1e-5));
  }

  @ParameterizedTest
  @EnumSource(
      value = Mining.class,
      names = {"BATCH_HARD", "SEMI_HARD"})
  void contrastiveWithMiningKeepsOnlyEachAnchorsNearestNegative(Mining mining) {
    float margin = 3.5f;
    double positive = (1 + 1 + 4 + 4) / 4.0;
    // nearest negatives: A 3, B sqrt10, C 3, D sqrt10
    double negative = (2 * sq(hinge(margin - 3)) + 2 * sq(hinge(margin - SQRT10))) / 4;

    assertThat((double) contrastive(mining, SQUARE, SQUARE_LABELS, margin))
        .isCloseTo(positive + negative, within(1e-5));
  }

  @ParameterizedTest
  @EnumSource(Mining.class)
  void aBatchOfOneClassHasNoTripletAndCostsNothing(Mining mining) {
    float[][] points = {{0, 0}, {0, 1}, {0, 3}};
    int[] labels = {4, 4, 4};

    float loss = triplet(mining, points, labels, 0.2f);

    assertThat(loss).isNotNaN().isZero();
  }

  @ParameterizedTest
  @EnumSource(Mining.class)
  void aBatchOfOneClassPaysOnlyForItsPositivePairsUnderTheContrastiveLoss(Mining mining) {
    float[][] points = {{0, 0}, {0, 1}, {0, 3}};
    int[] labels = {4, 4, 4};

    float loss = contrastive(mining, points, labels, 1f);

    // d^2 of the pairs: 1, 9, 4, each in both orders
    assertThat(loss).isNotNaN().isCloseTo(14f / 3, within(1e-4f));
  }

  @ParameterizedTest
  @EnumSource(Mining.class)
  void aBatchOfOneClassHasAFiniteGradient(Mining mining) {
    NDArray e = manager.create(new float[][] {{0, 0}, {0, 1}, {0, 3}});
    e.setRequiresGradient(true);
    NDArray labels = manager.create(new int[] {1, 1, 1});

    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(
          mining
              .tripletLoss(e, labels, 0.2f, Metric.EUCLIDEAN)
              .add(mining.contrastiveLoss(e, labels, 1f, Metric.EUCLIDEAN)));
    }

    for (float g : e.getGradient().toFloatArray()) {
      assertThat(Float.isFinite(g)).as("gradient %s is finite", g).isTrue();
    }
  }

  @Test
  void aClassWithOneImageInTheBatchIsNoAnchor() {
    // E = (10, 10) is alone in class 2: no positive, so it adds no term to the mean
    float[][] points = {{0, 0}, {0, 1}, {3, 0}, {3, 2}, {10, 10}};
    int[] labels = {0, 0, 1, 1, 2};
    float alpha = 1.5f;

    assertThat(triplet(Mining.BATCH_HARD, points, labels, alpha))
        .isCloseTo(triplet(Mining.BATCH_HARD, SQUARE, SQUARE_LABELS, alpha), within(1e-5f));
  }

  @Test
  void underTheCosineMetricBatchHardComparesAnglesNotLengths() {
    // class 0 points right, class 1 up; B is long, so Euclidean mining sees it far from A
    float[][] points = {{1, 0}, {6, 1}, {0, 1}, {-0.2f, 1}};
    int[] labels = {0, 0, 1, 1};
    float alpha = 0.5f;
    double expected = 0;
    for (int a = 0; a < 4; a++) {
      double hardestPositive = 0;
      double hardestNegative = Double.POSITIVE_INFINITY;
      for (int o = 0; o < 4; o++) {
        double d = Metric.COSINE.between(points[a], points[o]);
        if (o != a && labels[o] == labels[a]) {
          hardestPositive = Math.max(hardestPositive, d);
        } else if (labels[o] != labels[a]) {
          hardestNegative = Math.min(hardestNegative, d);
        }
      }
      expected += hinge(hardestPositive - hardestNegative + alpha) / 4;
    }
    NDArray e = manager.create(points);
    NDArray y = manager.create(labels);

    float cosine = Mining.BATCH_HARD.tripletLoss(e, y, alpha, Metric.COSINE).getFloat();
    float euclidean = Mining.BATCH_HARD.tripletLoss(e, y, alpha, Metric.EUCLIDEAN).getFloat();

    assertThat((double) cosine).isCloseTo(expected, within(1e-5));
    assertThat(euclidean).isNotCloseTo(cosine, within(0.1f));
  }

  @Test
  void miningNamesParseAndPrintAsTheOptionValues() {
    for (Mining mining : Mining.values()) {
      assertThat(Mining.parse(mining.wireName())).isEqualTo(mining);
    }
    assertThat(Mining.parse("Batch-Hard")).isEqualTo(Mining.BATCH_HARD);
    assertThat(Mining.SEMI_HARD.wireName()).isEqualTo("semi-hard");
    assertThatThrownBy(() -> Mining.parse("hardest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hardest")
        .hasMessageContaining("batch-hard");
  }

  @Test
  void lossNamesParseAndPrintAsTheOptionValues() {
    assertThat(LossKind.parse("triplet")).isEqualTo(LossKind.TRIPLET);
    assertThat(LossKind.parse("Contrastive")).isEqualTo(LossKind.CONTRASTIVE);
    assertThat(LossKind.TRIPLET.wireName()).isEqualTo("triplet");
    assertThatThrownBy(() -> LossKind.parse("arcface"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("arcface")
        .hasMessageContaining("triplet");
  }

  private static double sq(double x) {
    return x * x;
  }
}
