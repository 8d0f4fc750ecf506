package io.siameseonnx.trainer.pairs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.trainer.data.DataException;
import io.siameseonnx.trainer.data.PairSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedPairsTest {
  /** {@code n} pairs whose first image's value 0 is the pair's number. */
  private static PairSet pairs(int n) {
    float[][] first = new float[n][];
    float[][] second = new float[n][];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      first[i] = new float[] {i, 0f};
      second[i] = new float[] {i, 1f};
      labels[i] = i % 2;
    }
    return new PairSet(first, second, labels);
  }

  private static List<Integer> ids(PairSet set) {
    List<Integer> ids = new ArrayList<>();
    for (float[] image : set.first()) {
      ids.add((int) image[0]);
    }
    return ids;
  }

  @Test
  void itSplitsSeventyFifteenFifteen() {
    FixedPairs split = new FixedPairs(pairs(100), "pairs.csv", 3);

    assertThat(split.trainPairs(1, new Random(0)).size()).isEqualTo(70);
    assertThat(split.validationPairs().size()).isEqualTo(15);
    assertThat(split.testPairs().size()).isEqualTo(15);
  }

  @Test
  void everyPairLandsInExactlyOnePart() {
    FixedPairs split = new FixedPairs(pairs(40), "pairs.csv", 3);

    List<Integer> all = new ArrayList<>(ids(split.trainPairs(1, new Random(0))));
    all.addAll(ids(split.validationPairs()));
    all.addAll(ids(split.testPairs()));

    assertThat(all).hasSize(40).doesNotHaveDuplicates();
  }

  @Test
  void theSplitIsShuffledAndDeterministicForASeed() {
    List<Integer> a = ids(new FixedPairs(pairs(40), "pairs.csv", 3).testPairs());
    List<Integer> b = ids(new FixedPairs(pairs(40), "pairs.csv", 3).testPairs());
    List<Integer> c = ids(new FixedPairs(pairs(40), "pairs.csv", 4).testPairs());

    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    // not simply the last 15% in file order
    assertThat(a).isNotEqualTo(List.of(34, 35, 36, 37, 38, 39));
  }

  @Test
  void theTrainingPairsAreTheSameEveryEpoch() {
    FixedPairs split = new FixedPairs(pairs(20), "pairs.csv", 3);
    Random rnd = new Random(0);

    assertThat(split.trainPairs(2, rnd)).isSameAs(split.trainPairs(1, rnd));
  }

  @Test
  void tenPairsAreEnough() {
    FixedPairs split = new FixedPairs(pairs(10), "pairs.csv", 3);

    assertThat(split.trainPairs(1, new Random(0)).size()).isEqualTo(7);
    assertThat(split.testPairs().size()).isPositive();
    assertThat(split.validationPairs().size()).isPositive();
  }

  @Test
  void fewerThanTenPairsAreRefusedNamingTheSource() {
    assertThatThrownBy(() -> new FixedPairs(pairs(9), "data/pairs.csv", 3))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("data/pairs.csv")
        .hasMessageContaining("9");
  }

  @Test
  void theFingerprintDependsOnTheDataNotTheSeed() {
    String a = new FixedPairs(pairs(20), "pairs.csv", 3).fingerprint();
    String b = new FixedPairs(pairs(20), "pairs.csv", 4).fingerprint();
    String c = new FixedPairs(pairs(21), "pairs.csv", 3).fingerprint();

    assertThat(a).isEqualTo(b).hasSize(64).isNotEqualTo(c);
  }
}
