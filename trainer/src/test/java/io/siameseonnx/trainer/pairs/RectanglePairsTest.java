package io.siameseonnx.trainer.pairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.trainer.data.PairSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RectanglePairsTest {
  /** An image compared by content. */
  private record Pixels(float[] values) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Pixels p && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }
  }

  private static Set<float[]> byIdentity(PairSet... sets) {
    Set<float[]> images = Collections.newSetFromMap(new IdentityHashMap<>());
    for (PairSet set : sets) {
      images.addAll(List.of(set.first()));
      images.addAll(List.of(set.second()));
    }
    return images;
  }

  private static Set<Pixels> byContent(Set<float[]> images) {
    Set<Pixels> out = new HashSet<>();
    images.forEach(image -> out.add(new Pixels(image)));
    return out;
  }

  private static boolean samePairs(PairSet a, PairSet b) {
    return Arrays.deepEquals(a.first(), b.first())
        && Arrays.deepEquals(a.second(), b.second())
        && Arrays.equals(a.labels(), b.labels());
  }

  @Test
  void theSeedSetupHasFiftyTrainingPairsAndTwoHundredTestPairs() {
    RectanglePairs pairs = RectanglePairs.seed(5);

    assertThat(pairs.trainPairs(1, new Random(0)).size()).isEqualTo(50);
    assertThat(pairs.testPairs().size()).isEqualTo(200);
    assertThat(pairs.fixedTrainingPairs()).isTrue();
  }

  @Test
  void theSeedSetupTrainsOnTheSamePairsEveryEpoch() {
    RectanglePairs pairs = RectanglePairs.seed(5);
    Random rnd = new Random(0);

    PairSet first = pairs.trainPairs(1, rnd);
    PairSet second = pairs.trainPairs(2, rnd);

    assertThat(second).isSameAs(first);
  }

  @Test
  void theSeedSetupMonitorsOnTheTestPairsAsTheArticleDoes() {
    RectanglePairs pairs = RectanglePairs.seed(5);

    assertThat(pairs.monitorPairs()).isSameAs(pairs.testPairs());
  }

  @Test
  void theSameSeedGivesTheSamePairsAndFingerprint() {
    RectanglePairs a = RectanglePairs.seed(9);
    RectanglePairs b = RectanglePairs.seed(9);

    assertThat(samePairs(a.trainPairs(1, new Random(1)), b.trainPairs(1, new Random(2)))).isTrue();
    assertThat(samePairs(a.testPairs(), b.testPairs())).isTrue();
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).hasSize(64);
  }

  @Test
  void anotherSeedGivesOtherPairsAndAnotherFingerprint() {
    RectanglePairs a = RectanglePairs.seed(9);
    RectanglePairs b = RectanglePairs.seed(10);

    assertThat(samePairs(a.testPairs(), b.testPairs())).isFalse();
    assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
  }

  @Test
  void theHeldOutSetupDrawsFreshTrainingPairsEveryEpoch() {
    RectanglePairs pairs = RectanglePairs.heldOut(5, 64);
    Random rnd = new Random(0);

    PairSet first = pairs.trainPairs(1, rnd);
    PairSet second = pairs.trainPairs(2, rnd);

    assertThat(pairs.fixedTrainingPairs()).isFalse();
    assertThat(first.size()).isEqualTo(64);
    assertThat(second.size()).isEqualTo(64);
    assertThat(samePairs(first, second)).isFalse();
  }

  @Test
  void theHeldOutSetupTestsAndValidatesOnImagesNeverSeenInTraining() {
    RectanglePairs pairs = RectanglePairs.heldOut(5, 64);
    Random rnd = new Random(0);
    PairSet[] epochs = new PairSet[20];
    for (int e = 0; e < epochs.length; e++) {
      epochs[e] = pairs.trainPairs(e + 1, rnd);
    }
    Set<float[]> train = byIdentity(epochs);
    Set<float[]> test = byIdentity(pairs.testPairs());
    Set<float[]> validation = byIdentity(pairs.validationPairs());

    // 20 epochs of 64 pairs reach nearly all of the ~120 training images
    assertThat(train).hasSizeGreaterThan(90);
    assertThat(byContent(train)).doesNotContainAnyElementsOf(byContent(test));
    assertThat(byContent(train)).doesNotContainAnyElementsOf(byContent(validation));
    assertThat(byContent(validation)).doesNotContainAnyElementsOf(byContent(test));
  }

  @Test
  void theHeldOutSetupHasTwoHundredValidationAndTestPairsOfBothKinds() {
    RectanglePairs pairs = RectanglePairs.heldOut(5, 64);

    assertThat(pairs.validationPairs().size()).isEqualTo(200);
    assertThat(pairs.testPairs().size()).isEqualTo(200);
    assertThat(pairs.testPairs().similarCount()).isBetween(60, 140);
    assertThat(pairs.monitorPairs()).isSameAs(pairs.validationPairs());
  }
}
