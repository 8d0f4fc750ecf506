package io.siameseonnx.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.trainer.data.DataException;
import io.siameseonnx.trainer.data.LabeledImages;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassFilterTest {
  private static LabeledImages images() {
    float[][] pixels = new float[6][];
    int[] labels = {0, 1, 2, 0, 1, 2};
    for (int i = 0; i < 6; i++) {
      pixels[i] = new float[] {i};
    }
    return new LabeledImages(pixels, labels, List.of("a", "b", "c"), "six");
  }

  @Test
  void aRangeAndAListParseToTheSameClasses() {
    assertThat(ClassFilter.parse("6-9")).containsExactlyInAnyOrder(6, 7, 8, 9);
    assertThat(ClassFilter.parse("6, 7,8 ,9")).containsExactlyInAnyOrder(6, 7, 8, 9);
    assertThat(ClassFilter.parse("1,4-5")).containsExactlyInAnyOrder(1, 4, 5);
  }

  @Test
  void noListMeansNoClasses() {
    assertThat(ClassFilter.parse(null)).isEmpty();
    assertThat(ClassFilter.parse(" ")).isEmpty();
  }

  @Test
  void aListThatIsNotNumbersIsRefused() {
    assertThatThrownBy(() -> ClassFilter.parse("cats"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cats");
  }

  @Test
  void excludedClassesLeaveTheImagesKeepingTheirLabels() {
    LabeledImages kept = ClassFilter.apply(images(), Set.of(1));

    assertThat(kept.labels()).containsExactly(0, 2, 0, 2);
    assertThat(Arrays.stream(kept.images()).map(image -> image[0])).containsExactly(0f, 2f, 3f, 5f);
  }

  @Test
  void excludingEveryClassIsRefused() {
    assertThatThrownBy(() -> ClassFilter.apply(images(), Set.of(0, 1, 2)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("six");
  }
}
