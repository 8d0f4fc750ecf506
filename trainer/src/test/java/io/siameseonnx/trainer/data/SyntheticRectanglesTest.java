package io.siameseonnx.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyntheticRectanglesTest {
  private static final int N = SyntheticRectangles.SIZE;

  private static boolean contains(float[][] pool, float[] image) {
    return Arrays.stream(pool).anyMatch(candidate -> candidate == image);
  }

  @Test
  void theRectangleGrayIsTheArticlesUint8Wraparound() {
    assertThat(SyntheticRectangles.RECT_GRAY)
        .isEqualTo((25 * 255 % 256) / 255f)
        .isEqualTo(231f / 255f);
  }

  @Test
  void generationIsDeterministicForASeed() {
    SyntheticRectangles.Pools a = SyntheticRectangles.generate(40, 7);
    SyntheticRectangles.Pools b = SyntheticRectangles.generate(40, 7);
    SyntheticRectangles.Pools c = SyntheticRectangles.generate(40, 8);

    assertThat(Arrays.deepEquals(a.one(), b.one())).isTrue();
    assertThat(Arrays.deepEquals(a.zero(), b.zero())).isTrue();
    assertThat(Arrays.deepEquals(a.one(), c.one())).isFalse();
  }

  @Test
  void poolSizesAddUpAndAreRoughlyEven() {
    SyntheticRectangles.Pools pools = SyntheticRectangles.generate(200, 1);

    assertThat(pools.one().length + pools.zero().length).isEqualTo(200);
    assertThat(pools.one().length).isBetween(70, 130);
  }

  @Test
  void everyPositiveImageCarriesAnExactlyGrayRectangleCoveringItsCore() {
    SyntheticRectangles.Pools pools = SyntheticRectangles.generate(200, 2);

    // a, b < 8 and c, d >= 16: rows and columns 7..15 are always inside the rectangle
    for (float[] image : pools.one()) {
      for (int row = 7; row < 16; row++) {
        for (int col = 7; col < 16; col++) {
          assertThat(image[row * N + col]).isEqualTo(SyntheticRectangles.RECT_GRAY);
        }
      }
    }
    long negativesLookingPositive =
        Arrays.stream(pools.zero()).filter(image -> image[7 * N + 7] == image[15 * N + 15]).count();
    assertThat(negativesLookingPositive).isLessThan(pools.zero().length / 4);
  }

  @Test
  void rectanglesSpanRowsAToCAndColumnsBToDWithinTheirRanges() {
    Random rnd = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      float[] image = new float[N * N];
      SyntheticRectangles.drawRectangle(image, rnd);

      int top = N;
      int left = N;
      int bottom = -1;
      int right = -1;
      int filled = 0;
      for (int i = 0; i < image.length; i++) {
        if (image[i] != 0f) {
          assertThat(image[i]).isEqualTo(SyntheticRectangles.RECT_GRAY);
          top = Math.min(top, i / N);
          bottom = Math.max(bottom, i / N);
          left = Math.min(left, i % N);
          right = Math.max(right, i % N);
          filled++;
        }
      }
      assertThat(top).isBetween(0, 7);
      assertThat(left).isBetween(0, 7);
      assertThat(bottom + 1).isBetween(16, 31);
      assertThat(right + 1).isBetween(16, 31);
      assertThat(filled).isEqualTo((bottom - top + 1) * (right - left + 1));
    }
  }

  @Test
  void randomImagesAreSmoothEightBitGrayFields() {
    float[] image = SyntheticRectangles.randomImage(new Random(4));

    assertThat(image).hasSize(N * N);
    double neighbourStep = 0;
    float min = 1;
    float max = 0;
    for (int i = 0; i < image.length; i++) {
      float v = image[i];
      assertThat(v).isBetween(0f, 1f);
      assertThat(v * 255f)
          .isCloseTo(Math.round(v * 255f), org.assertj.core.api.Assertions.within(1e-3f));
      min = Math.min(min, v);
      max = Math.max(max, v);
      if (i % N != N - 1) {
        neighbourStep += Math.abs(v - image[i + 1]);
      }
    }
    assertThat(max - min).as("not flat").isGreaterThan(0.1f);
    assertThat(neighbourStep / (N * (N - 1))).as("smooth").isLessThan(0.05);
  }

  @Test
  void pairsAreAboutBalancedAndNeverTwoNegatives() {
    SyntheticRectangles.Pools pools = SyntheticRectangles.generate(200, 5);

    PairSet pairs = SyntheticRectangles.pairs(pools, 200, new Random(6));

    assertThat(pairs.size()).isEqualTo(200);
    assertThat(pairs.similarCount()).isBetween(70, 130);
    for (int i = 0; i < pairs.size(); i++) {
      assertThat(contains(pools.one(), pairs.first()[i])).as("pair %d", i).isTrue();
      float[][] secondPool = pairs.labels()[i] == 1 ? pools.one() : pools.zero();
      assertThat(contains(secondPool, pairs.second()[i])).as("pair %d", i).isTrue();
    }
  }

  @Test
  void pairsAreDeterministicForTheRandomsSeed() {
    SyntheticRectangles.Pools pools = SyntheticRectangles.generate(50, 9);

    PairSet a = SyntheticRectangles.pairs(pools, 30, new Random(10));
    PairSet b = SyntheticRectangles.pairs(pools, 30, new Random(10));

    assertThat(a.labels()).containsExactly(b.labels());
    assertThat(Arrays.deepEquals(a.first(), b.first())).isTrue();
    assertThat(Arrays.deepEquals(a.second(), b.second())).isTrue();
  }
}
