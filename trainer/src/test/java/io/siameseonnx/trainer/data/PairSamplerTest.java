package io.siameseonnx.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PairSamplerTest {

  /** Each image is one float holding its own index, so pairs can be traced back. */
  static LabeledImages tagged(int... labels) {
    float[][] images = new float[labels.length][];
    int max = 0;
    for (int i = 0; i < labels.length; i++) {
      images[i] = new float[] {i};
      max = Math.max(max, labels[i]);
    }
    List<String> names = IntStream.rangeClosed(0, max).mapToObj(c -> "class" + c).toList();
    return new LabeledImages(images, labels, names, "test");
  }

  private static final LabeledImages THREE_CLASSES = tagged(0, 0, 0, 1, 1, 2, 2, 2, 2, 1);

  @Test
  void halfThePairsAreSimilarAndEachLabelMatchesTheClasses() {
    PairSet pairs = new PairSampler(THREE_CLASSES, new Random(1)).balanced(101);

    assertThat(pairs.size()).isEqualTo(101);
    assertThat(pairs.similarCount()).isEqualTo(50);
    for (int i = 0; i < pairs.size(); i++) {
      int a = (int) pairs.first()[i][0];
      int b = (int) pairs.second()[i][0];
      boolean sameClass = THREE_CLASSES.labels()[a] == THREE_CLASSES.labels()[b];
      assertThat(sameClass).as("pair %d", i).isEqualTo(pairs.labels()[i] == 1);
      if (sameClass) {
        assertThat(a).as("similar pair %d uses two different images", i).isNotEqualTo(b);
      }
    }
  }

  @Test
  void theOrderIsShuffled() {
    PairSet pairs = new PairSampler(THREE_CLASSES, new Random(2)).balanced(40);

    int[] firstHalf = Arrays.copyOfRange(pairs.labels(), 0, 20);
    assertThat(firstHalf).contains(0).contains(1);
  }

  @Test
  void theSameSeedGivesTheSamePairs() {
    PairSet a = new PairSampler(THREE_CLASSES, new Random(3)).balanced(30);
    PairSet b = new PairSampler(THREE_CLASSES, new Random(3)).balanced(30);
    PairSet c = new PairSampler(THREE_CLASSES, new Random(4)).balanced(30);

    assertThat(Arrays.deepEquals(a.first(), b.first())).isTrue();
    assertThat(Arrays.deepEquals(a.second(), b.second())).isTrue();
    assertThat(a.labels()).containsExactly(b.labels());
    assertThat(Arrays.deepEquals(a.first(), c.first())).isFalse();
  }

  @Test
  void everyClassTakesPartInDissimilarPairs() {
    PairSet pairs = new PairSampler(THREE_CLASSES, new Random(5)).balanced(300);

    int[] seen = new int[3];
    for (int i = 0; i < pairs.size(); i++) {
      if (pairs.labels()[i] == 0) {
        seen[THREE_CLASSES.labels()[(int) pairs.second()[i][0]]]++;
      }
    }
    assertThat(Arrays.stream(seen).min().getAsInt()).isGreaterThan(20);
  }

  @Test
  void aClassWithOneImagePairsItWithItself() {
    LabeledImages images = tagged(0, 1, 1);

    PairSet pairs = new PairSampler(images, new Random(6)).balanced(60);

    int loneClassPairs = 0;
    for (int i = 0; i < pairs.size(); i++) {
      boolean holdsImageZero = pairs.first()[i][0] == 0f || pairs.second()[i][0] == 0f;
      if (pairs.labels()[i] == 1 && holdsImageZero) {
        assertThat(pairs.first()[i][0]).as("pair %d", i).isZero();
        assertThat(pairs.second()[i][0]).as("pair %d", i).isZero();
        loneClassPairs++;
      }
    }
    // the lone class takes part in similar pairs, so the check above ran
    assertThat(loneClassPairs).isPositive();
  }

  @Test
  void classesWithoutImagesAreNeverDrawn() {
    LabeledImages gaps = THREE_CLASSES.onlyClasses(Set.of(0, 2));

    PairSet pairs = new PairSampler(gaps, new Random(7)).balanced(100);

    for (float[][] side : new float[][][] {pairs.first(), pairs.second()}) {
      for (float[] image : side) {
        assertThat(THREE_CLASSES.labels()[(int) image[0]]).isIn(0, 2);
      }
    }
  }

  @Test
  void aSingleClassCannotMakePairs() {
    LabeledImages one = THREE_CLASSES.onlyClasses(Set.of(1));

    assertThatThrownBy(() -> new PairSampler(one, new Random(8)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("at least 2");
  }

  @Test
  void classSplitsAreDisjointCompleteAndDeterministic() {
    int[][] split = PairSampler.splitClasses(10, 0.2, 11);

    assertThat(split[1]).hasSize(2).isSorted();
    assertThat(split[0]).hasSize(8).isSorted().doesNotContain(split[1]);
    int[] all =
        IntStream.concat(Arrays.stream(split[0]), Arrays.stream(split[1])).sorted().toArray();
    assertThat(all).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(PairSampler.splitClasses(10, 0.2, 11)).isDeepEqualTo(split);
  }

  @Test
  void classSplitsDependOnTheSeed() {
    boolean differs = false;
    for (long seed = 0; seed < 5 && !differs; seed++) {
      differs =
          !Arrays.equals(
              PairSampler.splitClasses(10, 0.3, 100)[1],
              PairSampler.splitClasses(10, 0.3, seed)[1]);
    }
    assertThat(differs).isTrue();
  }

  @Test
  void classSplitsHoldOutAtLeastOneAndKeepTwoForTraining() {
    assertThat(PairSampler.splitClasses(10, 0.01, 1)[1]).hasSize(1);
    assertThat(PairSampler.splitClasses(10, 0.99, 1)[0]).hasSize(2);
    assertThat(PairSampler.splitClasses(10, 0.0, 1)[1]).isEmpty();
    assertThatThrownBy(() -> PairSampler.splitClasses(2, 0.5, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PairSampler.splitClasses(10, 1.0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The unordered pairs of image indices, as "a-b" with a < b. */
  private static List<String> keys(PairSet pairs) {
    return IntStream.range(0, pairs.size())
        .mapToObj(
            i -> {
              int a = (int) pairs.first()[i][0];
              int b = (int) pairs.second()[i][0];
              return Math.min(a, b) + "-" + Math.max(a, b);
            })
        .toList();
  }

  @Test
  void distinctPairsNeverRepeatAPairNorPairAnImageWithItself() {
    PairSet pairs = new PairSampler(THREE_CLASSES, new Random(2)).distinct(30);

    List<String> keys = keys(pairs);
    assertThat(keys).doesNotHaveDuplicates();
    for (int i = 0; i < pairs.size(); i++) {
      assertThat(pairs.first()[i]).as("pair %d", i).isNotSameAs(pairs.second()[i]);
    }
    assertThat(pairs.distinctPairs()).isEqualTo(pairs.size());
  }

  @Test
  void onTinyDataDistinctPairsStopAtWhatTheImagesHold() {
    // classes of 3, 3 and 4 images: 3 + 3 + 6 = 12 similar pairs, 45 - 12 = 33 dissimilar ones
    PairSet pairs = new PairSampler(THREE_CLASSES, new Random(3)).distinct(200);

    assertThat(pairs.similarCount()).isEqualTo(12);
    assertThat(pairs.size()).isEqualTo(12 + 33);
    assertThat(pairs.distinctImages()).isEqualTo(10);
    // balanced() would have repeated pairs to reach 200
    assertThat(new PairSampler(THREE_CLASSES, new Random(3)).balanced(200).distinctPairs())
        .isLessThanOrEqualTo(45);
  }

  @Test
  void withPlentyOfImagesDistinctPairsAreBalancedAndAsMany() {
    int[] labels = IntStream.range(0, 400).map(i -> i % 5).toArray();

    PairSet pairs = new PairSampler(tagged(labels), new Random(4)).distinct(300);

    assertThat(pairs.size()).isEqualTo(300);
    assertThat(pairs.similarCount()).isEqualTo(150);
    assertThat(keys(pairs)).doesNotHaveDuplicates();
  }
}
