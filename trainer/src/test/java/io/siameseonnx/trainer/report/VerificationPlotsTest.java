package io.siameseonnx.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.trainer.data.PairSet;
import io.siameseonnx.trainer.eval.Verification;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationPlotsTest {
  private static final PairSet PAIRS = SampleData.digitPairs(400, 7);
  private static final double[] DISTANCES = SampleData.distances(PAIRS);
  private static final double THRESHOLD =
      Verification.calibrateThreshold(DISTANCES, PAIRS.labels());

  @TempDir Path dir;

  @Test
  void theRocCurveIsANonTrivialPngOfItsSize() throws Exception {
    Path file = dir.resolve("roc.png");

    VerificationPlots.roc(file, DISTANCES, PAIRS.labels());

    BufferedImage image = Pngs.read(file);
    assertThat(image.getWidth()).isEqualTo(VerificationPlots.ROC_WIDTH);
    assertThat(image.getHeight()).isEqualTo(VerificationPlots.ROC_HEIGHT);
    assertThat(Pngs.distinctColours(image)).isGreaterThan(30);
    assertThat(Pngs.pixelsNear(image, ChartStyle.BLUE, 20)).isGreaterThan(200);
  }

  @Test
  void theRocCurveMarksTheOperatingPointWhenGivenAThreshold() throws Exception {
    Path file = dir.resolve("roc.png");

    VerificationPlots.roc(file, DISTANCES, PAIRS.labels(), THRESHOLD);

    assertThat(Pngs.pixelsNear(Pngs.read(file), ChartStyle.ORANGE, 20)).isGreaterThan(30);
  }

  @Test
  void theHistogramShowsSimilarDissimilarAndTheThreshold() throws Exception {
    Path file = dir.resolve("distances.png");

    VerificationPlots.histogram(file, DISTANCES, PAIRS.labels(), THRESHOLD);

    BufferedImage image = Pngs.read(file);
    assertThat(image.getWidth()).isEqualTo(VerificationPlots.HISTOGRAM_WIDTH);
    assertThat(image.getHeight()).isEqualTo(VerificationPlots.HISTOGRAM_HEIGHT);
    assertThat(Pngs.pixelsNear(image, ChartStyle.BLUE, 20)).isGreaterThan(200);
    assertThat(Pngs.pixelsNear(image, ChartStyle.ORANGE, 20)).isGreaterThan(200);
    assertThat(Pngs.pixelsNear(image, Color.BLACK, 10)).isGreaterThan(200);
  }

  @Test
  void equalDistancesGiveAHistogramAndARocCurve() throws Exception {
    double[] same = {0.4, 0.4, 0.4, 0.4};
    int[] labels = {1, 0, 1, 0};

    VerificationPlots.histogram(dir.resolve("h.png"), same, labels, 0.4);
    VerificationPlots.roc(dir.resolve("r.png"), same, labels);

    assertThat(Pngs.distinctColours(Pngs.read(dir.resolve("h.png")))).isGreaterThan(10);
    assertThat(Pngs.distinctColours(Pngs.read(dir.resolve("r.png")))).isGreaterThan(10);
  }

  @Test
  void pairsOfOneKindOnlyAreStillPlotted() throws Exception {
    double[] d = {0.1, 0.2, 0.3};
    int[] allSimilar = {1, 1, 1};

    VerificationPlots.histogram(dir.resolve("h.png"), d, allSimilar, 0.25);
    VerificationPlots.roc(dir.resolve("r.png"), d, allSimilar, 0.25);

    assertThat(Pngs.pixelsNear(Pngs.read(dir.resolve("h.png")), ChartStyle.BLUE, 20))
        .isGreaterThan(50);
    assertThat(Pngs.distinctColours(Pngs.read(dir.resolve("r.png")))).isGreaterThan(10);
  }

  @Test
  void aThresholdOutsideTheDistancesWidensTheRange() {
    double[] d = {0.1, 0.2};
    int[] labels = {1, 0};
    ChartStyle.Range range = new ChartStyle.Range(0.1, 0.5);

    double[] similar = VerificationPlots.shares(d, labels, 1, range);
    double[] dissimilar = VerificationPlots.shares(d, labels, 0, range);

    assertThat(similar[0]).isEqualTo(1.0);
    assertThat(dissimilar[(int) ((0.2 - 0.1) / 0.4 * VerificationPlots.BINS)]).isEqualTo(1.0);
  }

  @Test
  void noPairsAreRejected() {
    assertThatThrownBy(() -> VerificationPlots.roc(dir.resolve("r.png"), new double[0], new int[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no pairs");
  }
}
