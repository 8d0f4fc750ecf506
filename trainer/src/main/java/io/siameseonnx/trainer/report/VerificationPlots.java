package io.siameseonnx.trainer.report;

import io.siameseonnx.trainer.eval.Verification;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots of pair distances, where label 1 means "similar" and a pair is accepted as similar when its
 * distance is below the threshold: the ROC curve and the histograms of the two kinds of pairs.
 */
public final class VerificationPlots {
  /** Size of the ROC plot. */
  public static final int ROC_WIDTH = 560;

  /** Size of the ROC plot. */
  public static final int ROC_HEIGHT = 520;

  /** Size of the histogram plot. */
  public static final int HISTOGRAM_WIDTH = 800;

  /** Size of the histogram plot. */
  public static final int HISTOGRAM_HEIGHT = 400;

  /** Bins of the histogram over the common range of distances. */
  public static final int BINS = 30;

  private VerificationPlots() {}

  /**
   * Writes the ROC curve (false accept rate against true accept rate) with the AUC in the title and
   * the chance diagonal.
   *
   * @throws IllegalArgumentException when there are no pairs or the arrays differ in length
   */
  public static void roc(Path file, double[] distances, int[] labels) throws IOException {
    PngFiles.write(file, rocImage(distances, labels, OptionalDouble.empty()));
  }

  /**
   * Writes the ROC curve as {@link #roc(Path, double[], int[])}, with the operating point at {@code
   * threshold} marked.
   */
  public static void roc(Path file, double[] distances, int[] labels, double threshold)
      throws IOException {
    PngFiles.write(
        file,
        rocImage(
            distances,
            labels,
            Double.isFinite(threshold) ? OptionalDouble.of(threshold) : OptionalDouble.empty()));
  }

  /**
   * Writes overlaid histograms of the distances of similar and dissimilar pairs ({@link #BINS} bins
   * over their common range, each normalised to its own pair count) with the threshold drawn as a
   * labelled vertical line.
   *
   * @throws IllegalArgumentException when there are no pairs or the arrays differ in length
   */
  public static void histogram(Path file, double[] distances, int[] labels, double threshold)
      throws IOException {
    PngFiles.write(file, histogramImage(distances, labels, threshold));
  }

  static BufferedImage rocImage(double[] distances, int[] labels, OptionalDouble threshold) {
    check(distances, labels);
    Verification.RocPoint[] curve = Verification.rocCurve(distances, labels);
    double auc = Verification.rocAuc(distances, labels);
    int similar = countSimilar(labels);
    int dissimilar = labels.length - similar;
    String title =
        Double.isNaN(auc)
            ? "ROC curve (no AUC: pairs of one kind only)"
            : String.format(Locale.ROOT, "ROC curve, AUC = %.4f", auc);
    XYChart chart =
        ChartStyle.xyChart(ROC_WIDTH, ROC_HEIGHT, title, "false accept rate", "true accept rate");
    XYStyler s = chart.getStyler();
    s.setXAxisMin(0.0);
    s.setXAxisMax(1.0);
    s.setYAxisMin(0.0);
    s.setYAxisMax(1.0);
    s.setXAxisDecimalPattern("0.0");
    s.setYAxisDecimalPattern("0.0");
    s.setLegendPosition(Styler.LegendPosition.InsideSE);

    // Eleven points, not two: XChart puts ticks on the data's x values when they are equally
    // spaced, and a curve of one class only would otherwise leave the axes with ticks at 0 and 1.
    double[] diagonalPoints = new double[11];
    for (int i = 0; i < diagonalPoints.length; i++) {
      diagonalPoints[i] = i / 10.0;
    }
    XYSeries diagonal = chart.addSeries("chance", diagonalPoints, diagonalPoints);
    diagonal.setLineColor(Color.GRAY);
    diagonal.setLineStyle(ChartStyle.DASHED);
    diagonal.setMarker(SeriesMarkers.NONE);

    double[] far = new double[curve.length + 1];
    double[] tar = new double[curve.length + 1];
    for (int i = 0; i < curve.length; i++) {
      far[i] = curve[i].falseAcceptRate();
      tar[i] = curve[i].trueAcceptRate();
    }
    // The curve ends at (1, 1) by definition; close it when the data stop short (one class only).
    far[curve.length] = 1;
    tar[curve.length] = 1;
    XYSeries model =
        chart.addSeries(
            String.format(
                Locale.ROOT, "model (%d similar, %d dissimilar pairs)", similar, dissimilar),
            far,
            tar);
    model.setLineColor(ChartStyle.BLUE);
    model.setLineWidth(2.5f);
    model.setMarker(SeriesMarkers.NONE);

    if (threshold.isPresent()) {
      double t = threshold.getAsDouble();
      double[] rates = rates(distances, labels, t);
      XYSeries point =
          chart.addSeries(
              String.format(
                  Locale.ROOT,
                  "threshold %s: FAR %.3f, TAR %.3f",
                  formatDistance(t),
                  rates[0],
                  rates[1]),
              new double[] {rates[0]},
              new double[] {rates[1]});
      point.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      point.setMarker(SeriesMarkers.DIAMOND);
      point.setMarkerColor(ChartStyle.ORANGE);
      s.setMarkerSize(11);
    }
    return BitmapEncoder.getBufferedImage(chart);
  }

  static BufferedImage histogramImage(double[] distances, int[] labels, double threshold) {
    check(distances, labels);
    int similar = countSimilar(labels);
    int dissimilar = labels.length - similar;
    double[] all = distances;
    ChartStyle.Range data = ChartStyle.Range.of(all);
    ChartStyle.Range range =
        Double.isFinite(threshold) ? ChartStyle.Range.of(data.min(), data.max(), threshold) : data;
    if (range.span() < 1e-12) {
      // All distances equal: widen the range and shift it by half a bin, so that the single bar
      // stands centred on the value rather than starting at it.
      ChartStyle.Range wide = range.padded();
      double half = wide.span() / BINS / 2;
      range = new ChartStyle.Range(wide.min() + half, wide.max() + half);
    }
    double[] edges = new double[BINS + 1];
    for (int i = 0; i <= BINS; i++) {
      edges[i] = range.min() + range.span() * i / BINS;
    }
    double[] similarShare = shares(distances, labels, 1, range);
    double[] dissimilarShare = shares(distances, labels, 0, range);
    double top = 0;
    for (int i = 0; i < BINS; i++) {
      top = Math.max(top, Math.max(similarShare[i], dissimilarShare[i]));
    }
    double yMax = top * 1.15 + 1e-9;

    XYChart chart =
        ChartStyle.xyChart(
            HISTOGRAM_WIDTH,
            HISTOGRAM_HEIGHT,
            similar == 0
                ? "Distances of dissimilar pairs (there are no similar pairs)"
                : dissimilar == 0
                    ? "Distances of similar pairs (there are no dissimilar pairs)"
                    : "Distances of similar and dissimilar pairs",
            "distance",
            "fraction of pairs (per kind)");
    XYStyler s = chart.getStyler();
    double pad = range.span() * 0.02;
    s.setXAxisMin(range.min() - pad);
    s.setXAxisMax(range.max() + pad);
    s.setYAxisMin(0.0);
    s.setYAxisMax(yMax);
    s.setYAxisDecimalPattern("0.00");
    s.setLegendPosition(Styler.LegendPosition.InsideNE);

    double[][] similarSteps = staircase(edges, similarShare);
    double[][] dissimilarSteps = staircase(edges, dissimilarShare);
    if (similar > 0) {
      addFill(chart, "similar (" + similar + ")", similarSteps, ChartStyle.BLUE);
    }
    if (dissimilar > 0) {
      addFill(chart, "dissimilar (" + dissimilar + ")", dissimilarSteps, ChartStyle.ORANGE);
    }
    // Outlines after both fills, so that neither fill hides the other's edge where they overlap.
    if (similar > 0) {
      addOutline(chart, "similar outline", similarSteps, ChartStyle.BLUE);
    }
    if (dissimilar > 0) {
      addOutline(chart, "dissimilar outline", dissimilarSteps, ChartStyle.ORANGE);
    }

    if (Double.isFinite(threshold)) {
      String label = "threshold " + formatDistance(threshold);
      XYSeries line =
          chart.addSeries(label, new double[] {threshold, threshold}, new double[] {0, yMax});
      line.setLineColor(Color.BLACK);
      line.setLineStyle(ChartStyle.DASHED);
      line.setMarker(SeriesMarkers.NONE);
      // Label beside the line near the top, on the side with more room.
      boolean left = threshold - range.min() > range.max() - threshold;
      double dx = range.span() * 0.09 * (left ? -1 : 1);
      chart.addAnnotation(new AnnotationText(label, threshold + dx, yMax * 0.95, false));
    }
    return BitmapEncoder.getBufferedImage(chart);
  }

  /** Per-bin share of the pairs with {@code label}; zeros when there are none. */
  static double[] shares(double[] distances, int[] labels, int label, ChartStyle.Range range) {
    double[] counts = new double[BINS];
    int n = 0;
    for (int i = 0; i < distances.length; i++) {
      if (labels[i] != label) {
        continue;
      }
      n++;
      int bin =
          range.span() <= 0
              ? 0
              : (int) Math.floor((distances[i] - range.min()) / range.span() * BINS);
      counts[Math.min(BINS - 1, Math.max(0, bin))]++;
    }
    if (n > 0) {
      for (int i = 0; i < BINS; i++) {
        counts[i] /= n;
      }
    }
    return counts;
  }

  /** The closed step outline of a histogram: x values in [0], y values in [1]. */
  private static double[][] staircase(double[] edges, double[] heights) {
    int bins = heights.length;
    double[] xs = new double[2 * bins + 2];
    double[] ys = new double[2 * bins + 2];
    xs[0] = edges[0];
    ys[0] = 0;
    for (int i = 0; i < bins; i++) {
      xs[1 + 2 * i] = edges[i];
      ys[1 + 2 * i] = heights[i];
      xs[2 + 2 * i] = edges[i + 1];
      ys[2 + 2 * i] = heights[i];
    }
    xs[2 * bins + 1] = edges[bins];
    ys[2 * bins + 1] = 0;
    return new double[][] {xs, ys};
  }

  private static void addFill(XYChart chart, String name, double[][] steps, Color color) {
    XYSeries series = chart.addSeries(name, steps[0], steps[1]);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
    series.setLineColor(color);
    series.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 80));
    series.setLineWidth(2f);
    series.setMarker(SeriesMarkers.NONE);
  }

  private static void addOutline(XYChart chart, String name, double[][] steps, Color color) {
    XYSeries series = chart.addSeries(name, steps[0], steps[1]);
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    series.setLineColor(color);
    series.setLineWidth(2f);
    series.setMarker(SeriesMarkers.NONE);
    series.setShowInLegend(false);
  }

  /** False and true accept rates when pairs closer than {@code threshold} are accepted. */
  private static double[] rates(double[] distances, int[] labels, double threshold) {
    int tp = 0;
    int fp = 0;
    int pos = 0;
    for (int i = 0; i < distances.length; i++) {
      boolean accepted = distances[i] < threshold;
      if (labels[i] == 1) {
        pos++;
        tp += accepted ? 1 : 0;
      } else {
        fp += accepted ? 1 : 0;
      }
    }
    int neg = distances.length - pos;
    return new double[] {neg == 0 ? 0 : (double) fp / neg, pos == 0 ? 0 : (double) tp / pos};
  }

  static String formatDistance(double d) {
    return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.1f" : "%.3f", d);
  }

  private static int countSimilar(int[] labels) {
    int n = 0;
    for (int l : labels) {
      n += l == 1 ? 1 : 0;
    }
    return n;
  }

  private static void check(double[] distances, int[] labels) {
    if (distances.length != labels.length) {
      throw new IllegalArgumentException(
          distances.length + " distances but " + labels.length + " labels");
    }
    if (distances.length == 0) {
      throw new IllegalArgumentException("no pairs to plot");
    }
    for (double d : distances) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("a distance is not finite: the model diverged");
      }
    }
  }
}
