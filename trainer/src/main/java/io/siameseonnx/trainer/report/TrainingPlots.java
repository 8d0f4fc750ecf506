package io.siameseonnx.trainer.report;

import io.siameseonnx.trainer.train.EpochStats;
import io.siameseonnx.trainer.train.StageResult;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves of one training stage: loss per epoch (training and validation) on the left,
 * accuracy per epoch on the right (the loss takes the whole width when the stage recorded no
 * accuracy), the kept epoch marked on both. A validation measure that is not the training loss (see
 * {@link StageResult#validationMeasure}) gets its own name and its own axis, on the right.
 */
public final class TrainingPlots {
  /** Width of the whole image, both panels. */
  public static final int WIDTH = 800;

  /** Height of the image. */
  public static final int HEIGHT = 400;

  private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private TrainingPlots() {}

  /** The file the curves of {@code stage} go to in {@code dir}: {@code <stage>-curves.png}. */
  public static Path file(Path dir, String stage) {
    if (!STAGE_NAME.matcher(stage).matches()) {
      throw new IllegalArgumentException("stage name '" + stage + "' is not a plain file name");
    }
    return dir.resolve(stage + "-curves.png");
  }

  /**
   * Writes {@code <dir>/<stage>-curves.png}.
   *
   * @return the file written
   * @throws IOException when the file cannot be written
   * @throws IllegalArgumentException when the stage has no epochs or its name is not a file name
   */
  public static Path write(Path dir, String stage, StageResult result) throws IOException {
    Path file = file(dir, stage);
    PngFiles.write(file, image(stage, result));
    return file;
  }

  /** Draws the loss panel and, when the stage recorded one, the accuracy panel beside it. */
  static BufferedImage image(String stage, StageResult result) {
    if (result.history().isEmpty()) {
      throw new IllegalArgumentException("stage " + stage + " ran no epochs: nothing to plot");
    }
    PngFiles.ensureHeadless();
    int half = WIDTH / 2;
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      if (hasAccuracy(result)) {
        g.drawImage(BitmapEncoder.getBufferedImage(lossChart(stage, result, half)), 0, 0, null);
        g.drawImage(
            BitmapEncoder.getBufferedImage(accuracyChart(stage, result, WIDTH - half)),
            half,
            0,
            null);
      } else {
        // A stage that records no accuracy gets its loss at full width.
        g.drawImage(BitmapEncoder.getBufferedImage(lossChart(stage, result, WIDTH)), 0, 0, null);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static XYChart lossChart(String stage, StageResult result, int width) {
    double[] train = column(result, EpochStats::trainLoss);
    double[] val = column(result, EpochStats::valLoss);
    if (!result.validationMeasure().isEmpty()) {
      return twoScaleChart(stage, result, width, train, val);
    }
    XYChart chart = ChartStyle.xyChart(width, HEIGHT, stage + ": loss", "epoch", "loss");
    ChartStyle.Range y = ChartStyle.Range.of(concat(train, val)).padded();
    addCurve(chart, "training", result, train, ChartStyle.BLUE);
    addCurve(chart, "validation", result, val, ChartStyle.ORANGE);
    finish(chart, result, y, Styler.LegendPosition.InsideNE);
    return chart;
  }

  /**
   * The training loss on the left axis and a validation measure of another scale on the right one
   * (the supervised contrastive loss, about 4, beside 1 - ROC-AUC, about 0.1: on one axis the
   * validation curve would look flat).
   */
  private static XYChart twoScaleChart(
      String stage, StageResult result, int width, double[] train, double[] val) {
    String measure = result.validationMeasure();
    XYChart chart =
        ChartStyle.xyChart(
            width, HEIGHT, stage + ": loss and validation", "epoch", "training loss");
    ChartStyle.Range left = ChartStyle.Range.of(train).padded();
    ChartStyle.Range right = ChartStyle.Range.of(val).padded();
    addCurve(chart, "training loss", result, train, ChartStyle.BLUE);
    XYSeries validation = addCurve(chart, "validation: " + measure, result, val, ChartStyle.ORANGE);
    XYStyler s = chart.getStyler();
    if (validation != null) {
      validation.setYAxisGroup(1);
      chart.setYAxisGroupTitle(1, measure);
      s.setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
      s.setYAxisGroupTitleColor(1, ChartStyle.ORANGE);
      s.setYAxisMin(1, right.min());
      s.setYAxisMax(1, right.max());
      s.putYAxisGroupDecimalPatternMap(1, ChartStyle.decimalPattern(right.span()));
    }
    s.setYAxisGroupTitleColor(0, ChartStyle.BLUE);
    s.setYAxisMin(0, left.min());
    s.setYAxisMax(0, left.max());
    s.putYAxisGroupDecimalPatternMap(0, ChartStyle.decimalPattern(left.span()));
    finish(chart, result, left, Styler.LegendPosition.OutsideS);
    // one pattern for all axes would print the right axis's small values as 0.0 and 0.1
    s.setYAxisDecimalPattern(null);
    return chart;
  }

  private static XYChart accuracyChart(String stage, StageResult result, int width) {
    XYChart chart = ChartStyle.xyChart(width, HEIGHT, stage + ": accuracy", "epoch", "accuracy");
    double[] train = column(result, EpochStats::trainAccuracy);
    double[] val = column(result, EpochStats::valAccuracy);
    ChartStyle.Range data = ChartStyle.Range.of(concat(train, val));
    // Accuracy lives in [0, 1]: show the top of the scale, down to a round tenth below the data.
    double lo = Math.max(0, Math.floor((data.min() - 0.02) * 10) / 10);
    ChartStyle.Range y = new ChartStyle.Range(lo, Math.max(1.0, data.max()) + 0.02 * (1 - lo));
    addCurve(chart, "training", result, train, ChartStyle.BLUE);
    addCurve(chart, "validation", result, val, ChartStyle.ORANGE);
    finish(chart, result, y, Styler.LegendPosition.InsideSE);
    return chart;
  }

  /** Axis ranges, epoch ticks and the line of the kept epoch. */
  private static void finish(
      XYChart chart, StageResult result, ChartStyle.Range y, Styler.LegendPosition legend) {
    int epochs = result.epochs();
    XYStyler s = chart.getStyler();
    s.setLegendPosition(legend);
    s.setXAxisMin(0.5);
    s.setXAxisMax(epochs + 0.5);
    s.setYAxisMin(y.min());
    s.setYAxisMax(y.max());
    // XChart puts ticks on equally spaced x values (the epochs), thinned to fit.
    s.setXAxisDecimalPattern("0");
    s.setYAxisDecimalPattern(ChartStyle.decimalPattern(y.span()));
    int best = result.bestEpoch();
    if (best >= 1 && best <= epochs) {
      XYSeries line =
          chart.addSeries(
              "best epoch (" + best + ")",
              new double[] {best, best},
              new double[] {y.min(), y.max()});
      line.setLineColor(ChartStyle.DARK_GRAY);
      line.setLineStyle(ChartStyle.DASHED);
      line.setMarker(SeriesMarkers.NONE);
    }
  }

  /** Adds a line of the finite values; null when there is none. */
  private static XYSeries addCurve(
      XYChart chart, String name, StageResult result, double[] values, Color color) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i])) {
        xs.add((double) result.history().get(i).epoch());
        ys.add(values[i]);
      }
    }
    if (xs.isEmpty()) {
      return null;
    }
    XYSeries series = chart.addSeries(name, xs, ys);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setLineWidth(2f);
    // Markers show single epochs; with many epochs they clutter the line.
    series.setMarker(xs.size() <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    return series;
  }

  private static boolean hasAccuracy(StageResult result) {
    for (EpochStats e : result.history()) {
      if (Double.isFinite(e.valAccuracy()) || Double.isFinite(e.trainAccuracy())) {
        return true;
      }
    }
    return false;
  }

  private static double[] column(StageResult result, ToDoubleFunction<EpochStats> field) {
    return result.history().stream().mapToDouble(field).toArray();
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = new double[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
