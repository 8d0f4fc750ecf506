package io.siameseonnx.trainer.pairs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.trainer.data.DataException;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.data.PairSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LabeledPairsTest {
  private static final int PER_CLASS = 8;

  /**
   * Tiny 4-value images: value 0 holds the class, value 1 the image's number, so every image is
   * distinct and tells its class.
   */
  private static LabeledImages images(int classes) {
    int n = classes * PER_CLASS;
    float[][] images = new float[n][];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % classes;
      images[i] = new float[] {labels[i], i, 0.5f, 0.25f};
    }
    List<String> names = IntStream.range(0, classes).mapToObj(c -> "class" + c).toList();
    return new LabeledImages(images, labels, names, "synthetic");
  }

  private static Set<Integer> classesIn(PairSet... sets) {
    Set<Integer> classes = new HashSet<>();
    for (PairSet set : sets) {
      for (int i = 0; i < set.size(); i++) {
        classes.add((int) set.first()[i][0]);
        classes.add((int) set.second()[i][0]);
      }
    }
    return classes;
  }

  private static Set<Integer> imagesIn(PairSet... sets) {
    Set<Integer> ids = new HashSet<>();
    for (PairSet set : sets) {
      for (int i = 0; i < set.size(); i++) {
        ids.add((int) set.first()[i][1]);
        ids.add((int) set.second()[i][1]);
      }
    }
    return ids;
  }

  private static PairSet[] epochs(PairSource source, int count) {
    Random rnd = new Random(4);
    List<PairSet> out = new ArrayList<>();
    for (int e = 1; e <= count; e++) {
      out.add(source.trainPairs(e, rnd));
    }
    return out.toArray(PairSet[]::new);
  }

  @Test
  void heldOutClassesNeverAppearInTrainingPairs() {
    LabeledPairs pairs = LabeledPairs.of(images(6), true, 40, 30, 17);

    Set<Integer> train = classesIn(epochs(pairs, 10));
    Set<Integer> heldOut = classesIn(pairs.validationPairs(), pairs.testPairs());

    // 30% of 6 classes, at least 2, are held out; the other 4 are trained on
    assertThat(heldOut).hasSize(2);
    assertThat(train).hasSize(4).doesNotContainAnyElementsOf(heldOut);
  }

  @Test
  void validationAndTestPairsOfHeldOutClassesUseDifferentImages() {
    LabeledPairs pairs = LabeledPairs.of(images(6), true, 40, 30, 17);

    assertThat(imagesIn(pairs.validationPairs()))
        .doesNotContainAnyElementsOf(imagesIn(pairs.testPairs()));
  }

  @Test
  void withoutHoldoutEveryClassIsTrainedOnButTestImagesAreNot() {
    LabeledPairs pairs = LabeledPairs.of(images(6), false, 40, 30, 17);

    PairSet[] train = epochs(pairs, 10);

    assertThat(classesIn(train)).hasSize(6);
    assertThat(imagesIn(train)).doesNotContainAnyElementsOf(imagesIn(pairs.testPairs()));
    assertThat(imagesIn(train)).doesNotContainAnyElementsOf(imagesIn(pairs.validationPairs()));
  }

  @Test
  void trainingPairsAreBalancedAndDrawnAfreshEachEpoch() {
    LabeledPairs pairs = LabeledPairs.of(images(6), true, 40, 30, 17);
    Random rnd = new Random(1);

    PairSet first = pairs.trainPairs(1, rnd);
    PairSet second = pairs.trainPairs(2, rnd);

    assertThat(first.size()).isEqualTo(40);
    assertThat(first.similarCount()).isEqualTo(20);
    assertThat(first.labels()).isNotEqualTo(second.labels());
  }

  @Test
  void validationAndTestPairsAreDistinctAndStopAtWhatTheirImagesHold() {
    LabeledPairs pairs = LabeledPairs.of(images(6), true, 40, 30, 17);

    // two held-out classes of 8 images, halved: 8 images, 2 x 6 = 12 similar pairs, 16 others
    for (PairSet set : new PairSet[] {pairs.validationPairs(), pairs.testPairs()}) {
      assertThat(set.similarCount()).isEqualTo(12);
      assertThat(set.size()).isEqualTo(12 + 15);
      assertThat(set.distinctPairs()).isEqualTo(set.size());
    }
  }

  @Test
  void theSameSeedHoldsOutTheSameClasses() {
    Set<Integer> a = classesIn(LabeledPairs.of(images(6), true, 40, 30, 17).testPairs());
    Set<Integer> b = classesIn(LabeledPairs.of(images(6), true, 40, 30, 17).testPairs());

    assertThat(a).isEqualTo(b);
  }

  @Test
  void holdingOutClassesFromFewerThanFourIsRefused() {
    assertThatThrownBy(() -> LabeledPairs.of(images(3), true, 40, 30, 1))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("synthetic")
        .hasMessageContaining("at least 4 classes");
  }

  @Test
  void theDescriptionSaysWhatWasHeldOut() {
    assertThat(LabeledPairs.of(images(6), true, 40, 30, 17).description())
        .contains("synthetic", "48 images", "6 classes", "whole classes held out");
    assertThat(LabeledPairs.of(images(6), false, 40, 30, 17).description())
        .contains("images held out");
  }
}
