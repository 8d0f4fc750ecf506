package io.siameseonnx.trainer.report;

import io.siameseonnx.trainer.data.PairSet;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A grid of example pairs: both images enlarged with nearest-neighbour scaling, the distance, the
 * verdict at the threshold (green when right, red when wrong) and the true label. The examples mix
 * similar and dissimilar pairs and include the worst errors.
 */
public final class PairGrid {
  /** Enlarged images aim at about this many pixels on their longer side. */
  static final int TARGET_SIDE = 96;

  private static final Color RIGHT = new Color(0x1B, 0x7F, 0x2A);
  private static final Color WRONG = new Color(0xC6, 0x28, 0x28);
  private static final Color FRAME = new Color(0xA0, 0xA0, 0xA0);
  private static final Font HEADER_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  private static final Font VERDICT_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
  private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final int PAD = 12;
  private static final int TEXT_WIDTH = 190;

  private PairGrid() {}

  /**
   * Writes a grid of up to {@code count} pairs.
   *
   * @param file the PNG to write
   * @param pairs the pairs; images are CHW arrays in [0, 1] with 1 or 3 channels
   * @param distances one distance a pair
   * @param threshold pairs closer than this are called "same"
   * @param count the most pairs to show
   * @param imageWidth width of one image
   * @param imageHeight height of one image
   * @throws IllegalArgumentException when there are no pairs, the arrays differ in length or the
   *     images are not {@code C x imageHeight x imageWidth} with C = 1 or 3
   */
  public static void write(
      Path file,
      PairSet pairs,
      double[] distances,
      double threshold,
      int count,
      int imageWidth,
      int imageHeight)
      throws IOException {
    PngFiles.write(file, image(pairs, distances, threshold, count, imageWidth, imageHeight));
  }

  static BufferedImage image(
      PairSet pairs,
      double[] distances,
      double threshold,
      int count,
      int imageWidth,
      int imageHeight) {
    if (distances.length != pairs.size()) {
      throw new IllegalArgumentException(
          pairs.size() + " pairs but " + distances.length + " distances");
    }
    if (pairs.size() == 0 || count <= 0) {
      throw new IllegalArgumentException("no pairs to draw");
    }
    if (imageWidth <= 0 || imageHeight <= 0) {
      throw new IllegalArgumentException(
          "image size " + imageWidth + "x" + imageHeight + " is not positive");
    }
    int[] chosen = choose(pairs.labels(), distances, threshold, count);
    int decimals = decimals(chosen, distances, threshold);
    int scale = Math.max(1, TARGET_SIDE / Math.max(imageWidth, imageHeight));
    int w = imageWidth * scale;
    int h = imageHeight * scale;
    int columns = chosen.length > 4 ? 2 : 1;
    int rows = (chosen.length + columns - 1) / columns;
    int cellWidth = PAD + w + PAD / 2 + w + PAD + TEXT_WIDTH;
    int cellHeight = Math.max(h, 48) + PAD;
    int header = 40;
    int width = PAD + columns * cellWidth + PAD;
    int height = header + rows * cellHeight + PAD;

    PngFiles.ensureHeadless();
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(HEADER_FONT);
      g.drawString(
          String.format(
              Locale.ROOT,
              "%d example pairs at threshold %s (green: verdict right, red: wrong)",
              chosen.length,
              format(threshold, decimals)),
          PAD + 2,
          26);
      if (columns > 1) {
        g.setColor(new Color(0xDD, 0xDD, 0xDD));
        g.drawLine(PAD + cellWidth, header, PAD + cellWidth, height - PAD);
      }
      String yes = mark('\u2713', "(right)");
      String no = mark('\u2717', "(wrong)");
      for (int k = 0; k < chosen.length; k++) {
        int i = chosen[k];
        int x = PAD + (k / rows) * cellWidth + PAD / 2;
        int y = header + (k % rows) * cellHeight;
        int top = y + (cellHeight - PAD - h) / 2;
        drawImage(g, pairs.first()[i], imageWidth, imageHeight, x, top, scale);
        drawImage(g, pairs.second()[i], imageWidth, imageHeight, x + w + PAD / 2, top, scale);
        boolean same = distances[i] < threshold;
        boolean similar = pairs.labels()[i] == 1;
        boolean right = same == similar;
        int tx = x + 2 * w + PAD / 2 + PAD;
        int mid = y + (cellHeight - PAD) / 2;
        g.setFont(VERDICT_FONT);
        g.setColor(right ? RIGHT : WRONG);
        g.drawString(
            String.format(
                Locale.ROOT,
                "d = %s  %s %s",
                format(distances[i], decimals),
                same ? "same" : "different",
                right ? yes : no),
            tx,
            mid - 3);
        g.setFont(LABEL_FONT);
        g.setColor(Color.DARK_GRAY);
        g.drawString("true: " + (similar ? "same" : "different"), tx, mid + 16);
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /**
   * Which pairs to show: the worst errors first (up to a quarter of {@code count}, at least one
   * when there is any, taken in turn from similar pairs called different and dissimilar pairs
   * called same, each furthest from the threshold first), then correct similar and dissimilar pairs
   * in equal parts, spread over their range of distances; returned grouped by label (similar
   * first), by distance within a group.
   */
  static int[] choose(int[] labels, double[] distances, double threshold, int count) {
    List<Integer> falseRejects = new ArrayList<>();
    List<Integer> falseAccepts = new ArrayList<>();
    List<Integer> rightSimilar = new ArrayList<>();
    List<Integer> rightDissimilar = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      boolean same = distances[i] < threshold;
      boolean similar = labels[i] == 1;
      if (same == similar) {
        (similar ? rightSimilar : rightDissimilar).add(i);
      } else {
        (similar ? falseRejects : falseAccepts).add(i);
      }
    }
    Comparator<Integer> byDistance =
        Comparator.comparingDouble((Integer i) -> distances[i])
            .thenComparing(Comparator.naturalOrder());
    Comparator<Integer> worstFirst =
        Comparator.comparingDouble((Integer i) -> -Math.abs(distances[i] - threshold))
            .thenComparing(Comparator.naturalOrder());
    falseRejects.sort(worstFirst);
    falseAccepts.sort(worstFirst);
    List<Integer> errors = alternate(falseRejects, falseAccepts, worstFirst);
    rightSimilar.sort(byDistance);
    rightDissimilar.sort(byDistance);

    int n = Math.min(count, labels.length);
    int nErrors = errors.isEmpty() ? 0 : Math.min(errors.size(), Math.max(1, n / 4));
    int rest = n - nErrors;
    int nSimilar = Math.min(rightSimilar.size(), (rest + 1) / 2);
    int nDissimilar = Math.min(rightDissimilar.size(), rest - nSimilar);
    nSimilar = Math.min(rightSimilar.size(), rest - nDissimilar);
    nErrors = Math.min(errors.size(), n - nSimilar - nDissimilar);

    List<Integer> picked = new ArrayList<>(errors.subList(0, nErrors));
    picked.addAll(spread(rightSimilar, nSimilar));
    picked.addAll(spread(rightDissimilar, nDissimilar));
    picked.sort(
        Comparator.comparingInt((Integer i) -> -labels[i])
            .thenComparingDouble(i -> distances[i])
            .thenComparing(Comparator.naturalOrder()));
    return picked.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The items of both lists in turn, starting with the list whose head comes first. */
  private static List<Integer> alternate(
      List<Integer> a, List<Integer> b, Comparator<Integer> order) {
    boolean aFirst = b.isEmpty() || (!a.isEmpty() && order.compare(a.get(0), b.get(0)) <= 0);
    List<Integer> first = aFirst ? a : b;
    List<Integer> second = aFirst ? b : a;
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < Math.max(first.size(), second.size()); k++) {
      if (k < first.size()) {
        out.add(first.get(k));
      }
      if (k < second.size()) {
        out.add(second.get(k));
      }
    }
    return out;
  }

  /** {@code k} items evenly spaced through {@code sorted}, both ends included. */
  private static List<Integer> spread(List<Integer> sorted, int k) {
    List<Integer> out = new ArrayList<>();
    if (k <= 0) {
      return out;
    }
    if (k == 1) {
      out.add(sorted.get(sorted.size() / 2));
      return out;
    }
    for (int j = 0; j < k; j++) {
      out.add(sorted.get((int) Math.round((double) j * (sorted.size() - 1) / (k - 1))));
    }
    return out;
  }

  /**
   * Decimals enough to tell each shown distance from the threshold (3 at least, 8 at most), so that
   * a distance printed below the printed threshold was called "same" and one above it "different":
   * rounding to the same number of decimals keeps the order.
   */
  static int decimals(int[] shown, double[] distances, double threshold) {
    int decimals = 3;
    for (int i : shown) {
      while (decimals < 8
          && distances[i] != threshold
          && format(distances[i], decimals).equals(format(threshold, decimals))) {
        decimals++;
      }
    }
    return decimals;
  }

  private static String format(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static void drawImage(
      Graphics2D g, float[] chw, int width, int height, int x, int y, int scale) {
    int plane = width * height;
    if (chw.length != plane && chw.length != 3 * plane) {
      throw new IllegalArgumentException(
          "an image holds "
              + chw.length
              + " values, not 1 or 3 channels of "
              + width
              + "x"
              + height);
    }
    boolean rgb = chw.length == 3 * plane;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        int p = r * width + c;
        int red = level(chw[p]);
        int green = rgb ? level(chw[plane + p]) : red;
        int blue = rgb ? level(chw[2 * plane + p]) : red;
        img.setRGB(c, r, (red << 16) | (green << 8) | blue);
      }
    }
    g.drawImage(img, x, y, width * scale, height * scale, null);
    g.setColor(FRAME);
    g.drawRect(x - 1, y - 1, width * scale + 1, height * scale + 1);
  }

  private static int level(float v) {
    float clamped = Float.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    return Math.round(clamped * 255);
  }

  /** The check or cross glyph when the font has it, else a word. */
  private static String mark(char glyph, String fallback) {
    return VERDICT_FONT.canDisplay(glyph) ? String.valueOf(glyph) : fallback;
  }
}
