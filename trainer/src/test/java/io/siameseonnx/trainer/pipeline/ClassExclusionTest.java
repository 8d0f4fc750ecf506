package io.siameseonnx.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.trainer.data.LabeledImages;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --exclude-classes} and {@code --classes}: parsing a class list and applying it. */
class ClassExclusionTest {
  /** Two images of each digit 0..9; image i holds the value i. */
  private static LabeledImages digits() {
    float[][] pixels = new float[20][];
    int[] labels = new int[20];
    for (int i = 0; i < 20; i++) {
      pixels[i] = new float[] {i};
      labels[i] = i % 10;
    }
    return new LabeledImages(
        pixels, labels, IntStream.range(0, 10).mapToObj(Integer::toString).toList(), "digits");
  }

  @Test
  void aRangeNamesEveryClassBetweenItsEnds() {
    assertThat(ClassFilter.parse("6-9")).containsExactlyInAnyOrder(6, 7, 8, 9);
    assertThat(ClassFilter.parse("3-3")).containsExactly(3);
  }

  @Test
  void aListNamesItsClasses() {
    assertThat(ClassFilter.parse("6,7")).containsExactlyInAnyOrder(6, 7);
    assertThat(ClassFilter.parse("0,2-3,9")).containsExactlyInAnyOrder(0, 2, 3, 9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"six", "6-", "-6", "6-x", "6;7", "6-7-8", "1.5"})
  void aClassListThatIsNotNumbersOrRangesIsRefused(String spec) {
    assertThatThrownBy(() -> ClassFilter.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(spec);
  }

  @Test
  void aRangeThatRunsBackwardsIsRefusedRatherThanReadAsNoClass() {
    // "9-6" used to parse as the empty set, so --classes 9-6 evaluated on every class
    assertThatThrownBy(() -> ClassFilter.parse("9-6"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9-6");
  }

  @Test
  void applyRemovesTheExcludedClassesAndKeepsTheRestInOrder() {
    LabeledImages kept = ClassFilter.apply(digits(), ClassFilter.parse("6-9"));

    assertThat(kept.labels()).containsExactly(0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5);
    assertThat(Arrays.stream(kept.images()).map(image -> (int) image[0]))
        .containsExactly(0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15);
    // labels keep their values, so the class names stay as they were
    assertThat(kept.numClasses()).isEqualTo(10);
  }

  @Test
  void excludingClassesThatAreNotThereChangesNothing() {
    LabeledImages all = digits();

    assertThat(ClassFilter.apply(all, Set.of())).isSameAs(all);
    assertThat(ClassFilter.apply(all, Set.of(42)).labels()).containsExactly(all.labels());
  }

  @Test
  void excludingTheComplementKeepsOnlyTheNamedClasses() {
    LabeledImages only = ClassFilter.apply(digits(), ClassFilter.parse("0-5"));

    assertThat(only.labels()).containsExactly(6, 7, 8, 9, 6, 7, 8, 9);
    assertThat(List.of(6, 7, 8, 9)).containsAll(Arrays.stream(only.labels()).boxed().toList());
  }
}
