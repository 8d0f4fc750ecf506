package io.siameseonnx.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.trainer.train.EpochStats;
import io.siameseonnx.trainer.train.StageResult;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPlotsTest {
  @TempDir Path dir;

  @Test
  void curvesAreWrittenToStageCurvesPngAtEightHundredByFourHundred() throws Exception {
    Path file = TrainingPlots.write(dir, "pretrain", SampleData.stage(20, 2.3, true, 1));

    assertThat(file).isEqualTo(dir.resolve("pretrain-curves.png"));
    BufferedImage image = Pngs.read(file);
    assertThat(image.getWidth()).isEqualTo(TrainingPlots.WIDTH);
    assertThat(image.getHeight()).isEqualTo(TrainingPlots.HEIGHT);
  }

  @Test
  void curvesShowTrainingAndValidationColours() throws Exception {
    BufferedImage image =
        Pngs.read(TrainingPlots.write(dir, "finetune", SampleData.stage(30, 0.4, false, 2)));

    assertThat(Pngs.distinctColours(image)).isGreaterThan(50);
    assertThat(Pngs.pixelsNear(image, ChartStyle.BLUE, 20)).isGreaterThan(100);
    assertThat(Pngs.pixelsNear(image, ChartStyle.ORANGE, 20)).isGreaterThan(100);
  }

  @Test
  void aStageOfOneEpochIsPlotted() throws Exception {
    StageResult one =
        new StageResult(
            List.of(new EpochStats(1, 0.5, Double.NaN, 0.6, 0.7, 1e-3, 1, 100)), 1, 1, 100);

    BufferedImage image = Pngs.read(TrainingPlots.write(dir, "finetune", one));

    assertThat(Pngs.distinctColours(image)).isGreaterThan(20);
  }

  @Test
  void aStageWithoutAnyAccuracyStillShowsItsLoss() throws Exception {
    StageResult noAccuracy =
        new StageResult(
            List.of(
                new EpochStats(1, 0.5, Double.NaN, 0.6, Double.NaN, 1e-3, 1, 100),
                new EpochStats(2, 0.4, Double.NaN, 0.5, Double.NaN, 1e-3, 1, 100)),
            2,
            2,
            100);

    BufferedImage image = Pngs.read(TrainingPlots.write(dir, "finetune", noAccuracy));

    assertThat(Pngs.pixelsNear(image, ChartStyle.ORANGE, 20)).isGreaterThan(20);
  }

  @Test
  void constantLossesAreDrawnWithoutAFlatAxis() throws Exception {
    List<EpochStats> flat =
        List.of(
            new EpochStats(1, 0.3, 0.5, 0.3, 0.5, 1e-3, 1, 100),
            new EpochStats(2, 0.3, 0.5, 0.3, 0.5, 1e-3, 1, 100),
            new EpochStats(3, 0.3, 0.5, 0.3, 0.5, 1e-3, 1, 100));

    BufferedImage image =
        Pngs.read(TrainingPlots.write(dir, "flat", new StageResult(flat, 1, 3, 1)));

    assertThat(Pngs.distinctColours(image)).isGreaterThan(20);
  }

  @Test
  void aStageWithoutEpochsIsRejected() {
    StageResult empty = new StageResult(List.of(), 0, 0, 0);

    assertThatThrownBy(() -> TrainingPlots.write(dir, "pretrain", empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no epochs");
  }

  @Test
  void aStageNameThatIsNotAPlainFileNameIsRejected() {
    assertThatThrownBy(() -> TrainingPlots.file(dir, "../escape"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A supervised contrastive stage: loss about 4, 1 - ROC-AUC about 0.1 and falling. */
  static StageResult supcon(String measure) {
    List<EpochStats> history = new java.util.ArrayList<>();
    for (int e = 1; e <= 8; e++) {
      history.add(
          new EpochStats(e, 4.2 - 0.05 * e, Double.NaN, 0.12 - 0.01 * e, Double.NaN, 1e-3, 1, 100));
    }
    return new StageResult(history, 8, 8, 100, measure);
  }

  /** How many pixel rows hold a pixel of the colour: the height a curve spans. */
  private static int rowsWith(BufferedImage image, Color colour) {
    int rows = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        Color c = new Color(image.getRGB(x, y));
        if (Math.abs(c.getRed() - colour.getRed()) < 20
            && Math.abs(c.getGreen() - colour.getGreen()) < 20
            && Math.abs(c.getBlue() - colour.getBlue()) < 20) {
          rows++;
          break;
        }
      }
    }
    return rows;
  }

  @Test
  void aValidationMeasureOfAnotherScaleGetsItsOwnAxisAndIsNoLongerFlat() throws Exception {
    BufferedImage shared = Pngs.read(TrainingPlots.write(dir, "shared", supcon("")));
    BufferedImage own =
        Pngs.read(TrainingPlots.write(dir, "own", supcon("1 - ROC-AUC (validation pairs)")));

    // on the loss's axis the validation curve is a flat line near zero; on its own it spans the
    // plot
    assertThat(rowsWith(own, ChartStyle.ORANGE))
        .isGreaterThan(3 * rowsWith(shared, ChartStyle.ORANGE));
    assertThat(rowsWith(own, ChartStyle.ORANGE)).isGreaterThan(150);
  }
}
