package io.siameseonnx.trainer.pairs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.trainer.data.DataException;
import io.siameseonnx.trainer.data.LabeledImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BalancedBatchesTest {
  /** Images per class, by label: class 2 has fewer than 4, class 3 only one. */
  private static final int[] COUNTS = {6, 7, 3, 1, 5};

  private static LabeledImages images(int... counts) {
    List<float[]> pixels = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int c = 0; c < counts.length; c++) {
      names.add("class" + c);
      for (int i = 0; i < counts[c]; i++) {
        pixels.add(new float[] {c, i});
        labels.add(c);
      }
    }
    return new LabeledImages(
        pixels.toArray(float[][]::new),
        labels.stream().mapToInt(Integer::intValue).toArray(),
        names,
        "test images");
  }

  /** The batch cut into its classes' runs of {@code k} indices. */
  private static int[][] runs(int[] batch, int k) {
    return IntStream.range(0, batch.length / k)
        .mapToObj(r -> Arrays.copyOfRange(batch, r * k, (r + 1) * k))
        .toArray(int[][]::new);
  }

  @Test
  void aBatchHoldsPClassesOfKImagesEach() {
    LabeledImages data = images(COUNTS);
    BalancedBatches batches = new BalancedBatches(data, 3, 4);
    Random rnd = new Random(1);

    for (int b = 0; b < 50; b++) {
      int[] batch = batches.next(rnd);

      assertThat(batch).hasSize(12);
      assertThat(batches.batchSize()).isEqualTo(12);
      Set<Integer> classes = new HashSet<>();
      for (int[] run : runs(batch, 4)) {
        int label = data.labels()[run[0]];
        for (int i : run) {
          assertThat(data.labels()[i]).as("label of image %d", i).isEqualTo(label);
        }
        classes.add(label);
      }
      assertThat(classes).as("distinct classes in batch %d", b).hasSize(3);
    }
  }

  @Test
  void aClassWithEnoughImagesGivesDistinctImages() {
    LabeledImages data = images(COUNTS);
    BalancedBatches batches = new BalancedBatches(data, 3, 4);
    Random rnd = new Random(2);
    int checkedRuns = 0;

    for (int b = 0; b < 50; b++) {
      for (int[] run : runs(batches.next(rnd), 4)) {
        if (data.classCounts()[data.labels()[run[0]]] >= 4) {
          assertThat(run).doesNotHaveDuplicates();
          checkedRuns++;
        }
      }
    }
    // three of the five classes have 4+ images: most runs are checked
    assertThat(checkedRuns).isGreaterThan(50);
  }

  @Test
  void aClassWithFewerThanKImagesIsDrawnWithReplacement() {
    LabeledImages data = images(COUNTS);
    BalancedBatches batches = new BalancedBatches(data, 3, 4);
    Random rnd = new Random(3);
    int smallRuns = 0;

    for (int b = 0; b < 50; b++) {
      for (int[] run : runs(batches.next(rnd), 4)) {
        if (data.labels()[run[0]] == 2) {
          smallRuns++;
          // four draws from its three images: one must repeat
          assertThat(run).hasSize(4);
          assertThat(Arrays.stream(run).distinct().count()).isLessThan(4);
        }
      }
    }
    assertThat(smallRuns).as("batches holding the three-image class").isPositive();
  }

  @Test
  void aClassWithOneImageIsNeverDrawn() {
    LabeledImages data = images(COUNTS);
    BalancedBatches batches = new BalancedBatches(data, 3, 2);
    Random rnd = new Random(4);
    Set<Integer> seen = new HashSet<>();

    for (int b = 0; b < 100; b++) {
      for (int i : batches.next(rnd)) {
        seen.add(data.labels()[i]);
      }
    }

    assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 4);
  }

  @Test
  void theSameSeedGivesTheSameBatches() {
    BalancedBatches batches = new BalancedBatches(images(COUNTS), 3, 4);
    Random first = new Random(42);
    Random second = new Random(42);
    Random other = new Random(43);
    List<int[]> a = new ArrayList<>();
    List<int[]> b = new ArrayList<>();
    List<int[]> c = new ArrayList<>();

    for (int i = 0; i < 10; i++) {
      a.add(batches.next(first));
      b.add(batches.next(second));
      c.add(batches.next(other));
    }

    assertThat(a).zipSatisfy(b, (x, y) -> assertThat(x).containsExactly(y));
    assertThat(a.stream().map(Arrays::toString).toList())
        .isNotEqualTo(c.stream().map(Arrays::toString).toList());
  }

  @Test
  void moreClassesPerBatchThanUsableClassesTakesThemAll() {
    LabeledImages data = images(COUNTS);
    BalancedBatches batches = new BalancedBatches(data, 10, 2);

    int[] batch = batches.next(new Random(5));

    // four usable classes (class 3 has one image)
    assertThat(batches.batchSize()).isEqualTo(8);
    assertThat(Arrays.stream(batch).map(i -> data.labels()[i]).distinct().sorted())
        .containsExactly(0, 1, 2, 4);
  }

  @Test
  void fewerThanTwoUsableClassesIsRefused() {
    assertThatThrownBy(() -> new BalancedBatches(images(5, 1, 0), 2, 2))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("test images")
        .hasMessageContaining("at least 2 classes");
  }

  @Test
  void fewerThanTwoImagesPerClassIsRefused() {
    assertThatThrownBy(() -> new BalancedBatches(images(COUNTS), 3, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
