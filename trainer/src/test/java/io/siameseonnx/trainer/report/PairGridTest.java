package io.siameseonnx.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.trainer.data.PairSet;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairGridTest {
  private static final Color GREEN = new Color(0x1B, 0x7F, 0x2A);
  private static final Color RED = new Color(0xC6, 0x28, 0x28);

  @TempDir Path dir;

  @Test
  void theGridShowsRightVerdictsInGreenAndWrongOnesInRed() throws Exception {
    PairSet pairs = SampleData.digitPairs(200, 3);
    double[] d = SampleData.distances(pairs);
    Path file = dir.resolve("pairs.png");

    PairGrid.write(file, pairs, d, 0.6, 16, SampleData.SIDE, SampleData.SIDE);

    BufferedImage image = Pngs.read(file);
    assertThat(image.getWidth()).isGreaterThan(2 * 2 * 3 * SampleData.SIDE);
    assertThat(image.getHeight()).isGreaterThan(8 * 3 * SampleData.SIDE);
    assertThat(Pngs.distinctColours(image)).isGreaterThan(50);
    assertThat(Pngs.pixelsNear(image, GREEN, 10)).isGreaterThan(50);
    assertThat(Pngs.pixelsNear(image, RED, 10)).isGreaterThan(50);
  }

  @Test
  void theChoiceMixesLabelsAndIncludesTheWorstError() {
    int[] labels = {1, 1, 1, 1, 0, 0, 0, 0};
    double[] d = {0.1, 0.2, 0.3, 0.9, 0.7, 0.8, 0.6, 0.05};

    int[] chosen = PairGrid.choose(labels, d, 0.5, 4);

    assertThat(chosen).hasSize(4).contains(7); // dissimilar at 0.05: furthest on the wrong side
    assertThat(Arrays.stream(chosen).map(i -> labels[i]).distinct().count()).isEqualTo(2);
  }

  @Test
  void theChoiceListsSimilarPairsFirstByDistance() {
    int[] labels = {0, 1, 0, 1};
    double[] d = {0.9, 0.3, 0.8, 0.1};

    assertThat(PairGrid.choose(labels, d, 0.5, 10)).containsExactly(3, 1, 2, 0);
  }

  @Test
  void pairsOfOneKindAreDrawn() throws Exception {
    PairSet pairs = SampleData.tinyPairs(1, 1, 1);
    Path file = dir.resolve("pairs.png");

    PairGrid.write(file, pairs, new double[] {0.1, 0.2, 0.9}, 0.5, 8, 2, 2);

    assertThat(Pngs.distinctColours(Pngs.read(file))).isGreaterThan(10);
  }

  @Test
  void imagesOfTheWrongSizeAreRejected() {
    PairSet pairs = SampleData.tinyPairs(1, 0);

    assertThatThrownBy(
            () ->
                PairGrid.write(dir.resolve("p.png"), pairs, new double[] {0.1, 0.9}, 0.5, 8, 3, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3x3");
  }

  @Test
  void theChoiceTakesWorstErrorsOfBothKindsInTurn() {
    int[] labels = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    double[] d = {0.9, 0.8, 0.1, 0.2, 0.3, 0.2, 0.4, 0.7, 0.8, 0.9};

    int[] chosen = PairGrid.choose(labels, d, 0.5, 8);

    // two errors shown: the furthest false reject (0) and the furthest false accept (5)
    assertThat(chosen).hasSize(8).contains(0, 5).doesNotContain(1, 6);
  }

  @Test
  void distancesGetDecimalsEnoughToFallOnTheirSideOfThePrintedThreshold() {
    double[] d = {0.85559, 0.1};

    assertThat(PairGrid.decimals(new int[] {1}, d, 0.8557)).isEqualTo(3);
    assertThat(PairGrid.decimals(new int[] {0, 1}, d, 0.8557)).isEqualTo(4);
  }
}
