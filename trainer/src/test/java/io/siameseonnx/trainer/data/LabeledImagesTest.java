package io.siameseonnx.trainer.data;

import static io.siameseonnx.trainer.data.PairSamplerTest.tagged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LabeledImagesTest {

  /** 10 images of class 0, 20 of class 1, 5 of class 2 and 1 of class 3. */
  private static LabeledImages unbalanced() {
    int[] labels =
        IntStream.range(0, 36).map(i -> i < 10 ? 0 : i < 30 ? 1 : i < 35 ? 2 : 3).toArray();
    return tagged(labels);
  }

  private static Set<Integer> ids(LabeledImages images) {
    Set<Integer> ids = new HashSet<>();
    for (float[] image : images.images()) {
      ids.add((int) image[0]);
    }
    return ids;
  }

  @Test
  void aSplitIsStratifiedPerClass() {
    LabeledImages[] split = unbalanced().split(0.2, 1);

    assertThat(split[1].classCounts()).containsExactly(2, 4, 1, 0);
    assertThat(split[0].classCounts()).containsExactly(8, 16, 4, 1);
  }

  @Test
  void aSplitIsDisjointAndComplete() {
    LabeledImages data = unbalanced();

    LabeledImages[] split = data.split(0.3, 2);

    Set<Integer> train = ids(split[0]);
    Set<Integer> validation = ids(split[1]);
    assertThat(train).doesNotContainAnyElementsOf(validation);
    assertThat(train.size() + validation.size()).isEqualTo(data.size());
    for (LabeledImages part : split) {
      for (int i = 0; i < part.size(); i++) {
        int id = (int) part.images()[i][0];
        assertThat(part.labels()[i]).isEqualTo(data.labels()[id]);
      }
      assertThat(part.classNames()).isEqualTo(data.classNames());
    }
  }

  @Test
  void aSplitIsDeterministicForASeedAndShuffled() {
    LabeledImages data = unbalanced();

    LabeledImages[] a = data.split(0.2, 3);
    LabeledImages[] b = data.split(0.2, 3);
    LabeledImages[] c = data.split(0.2, 4);

    assertThat(a[0].fingerprint()).isEqualTo(b[0].fingerprint());
    assertThat(a[1].fingerprint()).isEqualTo(b[1].fingerprint());
    assertThat(a[1].fingerprint()).isNotEqualTo(c[1].fingerprint());
    assertThat(a[0].labels()).isNotEqualTo(IntStream.of(a[0].labels()).sorted().toArray());
  }

  @Test
  void aZeroFractionKeepsEverythingForTraining() {
    LabeledImages[] split = unbalanced().split(0.0, 5);

    assertThat(split[0].size()).isEqualTo(36);
    assertThat(split[1].size()).isZero();
  }

  @Test
  void aFractionOutsideTheUnitIntervalIsRefused() {
    assertThatThrownBy(() -> unbalanced().split(1.0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> unbalanced().split(-0.1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subsetsAndClassFiltersKeepLabelsAndClassNames() {
    LabeledImages data = unbalanced();

    LabeledImages subset = data.subset(new int[] {35, 0, 12});
    LabeledImages filtered = data.onlyClasses(Set.of(2, 3));

    assertThat(subset.labels()).containsExactly(3, 0, 1);
    assertThat(subset.images()[0]).isSameAs(data.images()[35]);
    assertThat(filtered.size()).isEqualTo(6);
    assertThat(filtered.labels()).containsOnly(2, 3);
    assertThat(filtered.numClasses()).isEqualTo(4);
    assertThat(filtered.classNames()).isEqualTo(data.classNames());
  }

  @Test
  void theFingerprintFollowsPixelsAndLabels() {
    float[][] images = {{0.1f, 0.2f}, {0.3f, 0.4f}};
    LabeledImages base = new LabeledImages(images, new int[] {0, 1}, List.of("a", "b"), "x");
    float[][] copy = {images[0].clone(), images[1].clone()};
    float[][] changed = {images[0].clone(), {0.3f, Math.nextUp(0.4f)}};

    String fingerprint = base.fingerprint();

    assertThat(fingerprint).matches("[0-9a-f]{64}");
    assertThat(new LabeledImages(copy, new int[] {0, 1}, List.of("a", "b"), "y").fingerprint())
        .isEqualTo(fingerprint);
    assertThat(new LabeledImages(changed, new int[] {0, 1}, List.of("a", "b"), "x").fingerprint())
        .isNotEqualTo(fingerprint);
    assertThat(new LabeledImages(images, new int[] {1, 1}, List.of("a", "b"), "x").fingerprint())
        .isNotEqualTo(fingerprint);
  }

  @Test
  void inconsistentArraysAreRefused() {
    assertThatThrownBy(() -> new LabeledImages(new float[2][1], new int[3], List.of("a"), "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LabeledImages(new float[1][1], new int[] {1}, List.of("a"), "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("label 1");
  }

  @Test
  void pairSubsetsKeepTheirOrder() {
    PairSet pairs =
        new PairSet(
            new float[][] {{0}, {1}, {2}}, new float[][] {{5}, {6}, {7}}, new int[] {1, 0, 1});

    PairSet subset = pairs.subset(new int[] {2, 0});

    assertThat(subset.labels()).containsExactly(1, 1);
    assertThat(subset.second()[0]).containsExactly(7);
    assertThat(Arrays.asList(subset.first())).containsExactly(pairs.first()[2], pairs.first()[0]);
    assertThatThrownBy(() -> new PairSet(new float[1][], new float[1][], new int[] {2}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutDropsTheImagesWhosePixelsEqualOnesOfTheOtherSet() {
    LabeledImages data = unbalanced();
    // copies of images 2 and 5, as if read again from other files, and one image not in data
    LabeledImages others =
        new LabeledImages(
            new float[][] {data.images()[2].clone(), data.images()[5].clone(), {-1f}},
            new int[] {0, 0, 0},
            data.classNames(),
            "other");

    LabeledImages left = data.without(others);

    assertThat(left.size()).isEqualTo(data.size() - 2);
    assertThat(ids(left))
        .doesNotContain(ids(data.subset(new int[] {2, 5})).toArray(Integer[]::new));
  }

  @Test
  void withoutNothingInCommonIsTheSameSet() {
    LabeledImages data = unbalanced();

    assertThat(data.without(data.subset(new int[0]))).isSameAs(data);
  }
}
