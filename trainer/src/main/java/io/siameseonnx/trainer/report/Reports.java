package io.siameseonnx.trainer.report;

import io.siameseonnx.trainer.data.PairSet;
import io.siameseonnx.trainer.train.StageResult;
import java.awt.AWTError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every plot of a run into one folder; a plot that fails is logged and skipped, so plotting
 * never fails a training run or an evaluation.
 */
public final class Reports {
  /** The ROC curve of the test pairs. */
  public static final String ROC_FILE = "roc.png";

  /** The histograms of test pair distances. */
  public static final String DISTANCES_FILE = "distances.png";

  /** The grid of example test pairs. */
  public static final String PAIRS_FILE = "pairs.png";

  /** How many example pairs the grid shows. */
  public static final int GRID_PAIRS = 16;

  private static final Logger LOG = LoggerFactory.getLogger(Reports.class);

  private Reports() {}

  /** Something that writes one plot. */
  @FunctionalInterface
  private interface Plot {
    void write() throws Exception;
  }

  /**
   * Writes {@code <stage>-curves.png} for each stage, then {@value #ROC_FILE}, {@value
   * #DISTANCES_FILE} and {@value #PAIRS_FILE} for the test pairs (skipped when there are none).
   * Images are taken to be square, with 1 or 3 channels; see {@link #writeVerification(Path,
   * PairSet, double[], double, int, int)} for others.
   *
   * @return the files written, in that order
   */
  public static List<Path> writeAll(
      Path dir,
      Map<String, StageResult> stages,
      PairSet testPairs,
      double[] testDistances,
      double threshold) {
    List<Path> written = new ArrayList<>(writeTraining(dir, stages));
    written.addAll(writeVerification(dir, testPairs, testDistances, threshold));
    return written;
  }

  /** Writes {@code <stage>-curves.png} for each stage and returns the files written. */
  public static List<Path> writeTraining(Path dir, Map<String, StageResult> stages) {
    List<Path> written = new ArrayList<>();
    stages.forEach(
        (stage, result) ->
            attempt(
                written,
                dir.resolve(stage + "-curves.png"),
                () -> TrainingPlots.write(dir, stage, result)));
    return written;
  }

  /**
   * Writes the ROC curve, the distance histograms and the example grid of square images (1 or 3
   * channels) and returns the files written; nothing when there are no pairs.
   */
  public static List<Path> writeVerification(
      Path dir, PairSet pairs, double[] distances, double threshold) {
    List<Path> written = new ArrayList<>();
    if (pairs.size() == 0) {
      LOG.info("No test pairs: no ROC curve, distance histograms or example pairs in {}", dir);
      return written;
    }
    verificationCharts(written, dir, pairs, distances, threshold);
    Path grid = dir.resolve(PAIRS_FILE);
    Optional<Integer> side = squareSide(pairs.first()[0].length);
    if (side.isEmpty()) {
      LOG.warn(
          "Not writing {}: images of {} values are not square; pass their size",
          grid,
          pairs.first()[0].length);
    } else {
      attempt(
          written,
          grid,
          () ->
              PairGrid.write(
                  grid, pairs, distances, threshold, GRID_PAIRS, side.get(), side.get()));
    }
    return written;
  }

  /**
   * Writes the ROC curve, the distance histograms and the example grid of images of the given size
   * and returns the files written; nothing when there are no pairs.
   */
  public static List<Path> writeVerification(
      Path dir,
      PairSet pairs,
      double[] distances,
      double threshold,
      int imageWidth,
      int imageHeight) {
    List<Path> written = new ArrayList<>();
    if (pairs.size() == 0) {
      LOG.info("No test pairs: no ROC curve, distance histograms or example pairs in {}", dir);
      return written;
    }
    verificationCharts(written, dir, pairs, distances, threshold);
    Path grid = dir.resolve(PAIRS_FILE);
    attempt(
        written,
        grid,
        () ->
            PairGrid.write(grid, pairs, distances, threshold, GRID_PAIRS, imageWidth, imageHeight));
    return written;
  }

  private static void verificationCharts(
      List<Path> written, Path dir, PairSet pairs, double[] distances, double threshold) {
    Path roc = dir.resolve(ROC_FILE);
    attempt(written, roc, () -> VerificationPlots.roc(roc, distances, pairs.labels(), threshold));
    Path histogram = dir.resolve(DISTANCES_FILE);
    attempt(
        written,
        histogram,
        () -> VerificationPlots.histogram(histogram, distances, pairs.labels(), threshold));
  }

  /** The side of a square image of {@code values} values with 1 or 3 channels. */
  static Optional<Integer> squareSide(int values) {
    for (int channels : new int[] {1, 3}) {
      if (values % channels == 0) {
        int side = (int) Math.round(Math.sqrt(values / channels));
        if (side > 0 && side * side * channels == values) {
          return Optional.of(side);
        }
      }
    }
    return Optional.empty();
  }

  private static void attempt(List<Path> written, Path file, Plot plot) {
    try {
      plot.write();
      written.add(file);
      LOG.debug("Wrote {}", file);
    } catch (Exception | LinkageError | AWTError | InternalError e) {
      // LinkageError, AWTError and InternalError are how a JVM without fonts or native AWT
      // libraries fails; a missing plot must not cost the run that was trained.
      LOG.warn("Could not write the plot {}: {}", file, e.toString(), e);
    }
  }
}
