package io.siameseonnx.trainer.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/** The look shared by every chart: white background, light grid, fonts legible at 100%. */
final class ChartStyle {
  /** Training series and similar pairs (Okabe-Ito blue, safe for colour-blind readers). */
  static final Color BLUE = new Color(0x00, 0x72, 0xB2);

  /** Validation series and dissimilar pairs (Okabe-Ito vermillion). */
  static final Color ORANGE = new Color(0xD5, 0x5E, 0x00);

  /** Reference lines: the best epoch, the threshold, the diagonal. */
  static final Color DARK_GRAY = new Color(0x40, 0x40, 0x40);

  /** Dashed reference lines. */
  static final BasicStroke DASHED =
      new BasicStroke(
          1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private ChartStyle() {}

  /** An empty XY chart with the shared look. */
  static XYChart xyChart(int width, int height, String title, String xTitle, String yTitle) {
    PngFiles.ensureHeadless();
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    XYStyler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(new Color(0xB0, 0xB0, 0xB0));
    s.setPlotGridLinesColor(new Color(0xE4, 0xE4, 0xE4));
    s.setChartFontColor(Color.BLACK);
    s.setChartTitleFont(TITLE_FONT);
    s.setChartTitleBoxVisible(false);
    s.setAxisTitleFont(AXIS_TITLE_FONT);
    s.setAxisTickLabelsFont(TICK_FONT);
    s.setAxisTickLabelsColor(Color.BLACK);
    s.setLegendFont(LEGEND_FONT);
    s.setLegendBackgroundColor(new Color(255, 255, 255, 225));
    s.setLegendBorderColor(new Color(0xB0, 0xB0, 0xB0));
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setAnnotationTextFont(LEGEND_FONT);
    s.setAnnotationTextFontColor(DARK_GRAY);
    s.setMarkerSize(6);
    s.setChartPadding(10);
    s.setAntiAlias(true);
    return chart;
  }

  /**
   * A decimal pattern for tick labels of an axis spanning {@code span}: enough decimals for about
   * six ticks, the same number on every label.
   */
  static String decimalPattern(double span) {
    int decimals = span > 0 ? (int) Math.ceil(-Math.log10(span / 6)) : 2;
    decimals = Math.max(0, Math.min(6, decimals));
    return decimals == 0 ? "0" : "0." + "0".repeat(decimals);
  }

  /** A closed interval of an axis. */
  record Range(double min, double max) {
    /** The smallest and largest finite value, or (0, 1) when there is none. */
    static Range of(double... values) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
      return lo > hi ? new Range(0, 1) : new Range(lo, hi);
    }

    double span() {
      return max - min;
    }

    /**
     * A range around these values with a margin, starting at zero when that costs less than half
     * the height (losses and counts read better from zero), never a single point.
     */
    Range padded() {
      double lo = min;
      double hi = max;
      if (hi - lo < 1e-12) {
        double w = Math.max(Math.abs(lo) * 0.1, 0.05);
        lo -= w;
        hi += w;
        if (min >= 0) {
          lo = Math.max(lo, 0);
        }
      } else {
        double pad = 0.06 * (hi - lo);
        lo = min >= 0 && min < 0.5 * max ? 0 : lo - pad;
        hi += pad;
      }
      return new Range(lo, hi);
    }
  }
}
