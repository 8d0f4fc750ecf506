package io.siameseonnx.trainer.pipeline;

import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.data.PairSet;
import io.siameseonnx.trainer.eval.EmbeddingFunction;
import io.siameseonnx.trainer.eval.Episodes;
import io.siameseonnx.trainer.eval.ThresholdRule;
import io.siameseonnx.trainer.eval.Verification;
import io.siameseonnx.trainer.eval.VerificationReport;
import io.siameseonnx.trainer.pairs.LabeledSplit;
import io.siameseonnx.trainer.pairs.PairSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 3: calibrates the decision threshold on the validation pairs (for the options' operating
 * point: best accuracy, equal error rate or a target false accept rate) and measures the test pairs
 * at it, distances under the recipe's metric; with class-labelled pairs also N-way one-shot
 * episodes on the test images (and on the excluded classes) against raw pixels.
 */
public final class EvaluateStage implements Stage {
  /** Ways of the one-shot episodes on the test images: up to this many classes. */
  static final int TEST_WAYS = 10;

  /** Query images per class in a test episode. */
  static final int TEST_QUERIES = 5;

  /** Episodes on the test images. */
  static final int TEST_EPISODES = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(EvaluateStage.class);

  @Override
  public RunState run(RunState state) {
    PairSource pairs = state.requirePairs();
    Metric metric = state.recipe().metric();
    EmbeddingFunction embedder =
        EmbeddingFunction.of(state.tower(), state.manager(), state.inputShape());
    PairSet validation = pairs.validationPairs();
    ThresholdRule rule = state.options().thresholdAt();
    double[] validationDistances = embedder.distances(validation, metric);
    double threshold = rule.calibrate(validationDistances, validation.labels());
    PairSet test = pairs.testPairs();
    double[] testDistances = embedder.distances(test, metric);
    VerificationReport report = VerificationReport.of(testDistances, test.labels(), threshold);
    Map<String, Double> figures = new LinkedHashMap<>(report.toMetrics("finetune."));
    figures.putAll(thresholdFigures(validationDistances, validation.labels(), threshold));
    figures.put(
        "finetune.test_best_accuracy",
        Verification.accuracy(
            testDistances,
            test.labels(),
            Verification.calibrateThreshold(testDistances, test.labels())));
    figures.put("finetune.test_distinct_pairs", (double) test.distinctPairs());
    figures.put("finetune.test_images", (double) test.distinctImages());
    figures.put("finetune.validation_pairs", (double) validation.size());
    figures.put("finetune.validation_similar_pairs", (double) validation.similarCount());
    figures.put("finetune.validation_distinct_pairs", (double) validation.distinctPairs());
    figures.put("finetune.validation_images", (double) validation.distinctImages());
    List<String> missing = new ArrayList<>(missingRates(test));
    unresolvedTarget(rule, validation).ifPresent(missing::add);
    Optional<LabeledSplit> split = pairs.labeledSplit();
    split.ifPresent(
        s -> episodes("test", s.test(), "test images", state, figures).ifPresent(missing::add));
    split
        .flatMap(LabeledSplit::excluded)
        .ifPresent(
            unseen ->
                episodes("excluded", unseen, "excluded classes", state, figures)
                    .ifPresent(missing::add));
    missing.forEach(reason -> LOG.info("Not measured: {}", reason));
    return state
        .withProtocol(state.protocol().withEvaluation(rule.wireName(), missing))
        .evaluated(new Evaluation(threshold, report, testDistances), figures);
  }

  /** How the threshold does on the validation pairs it was calibrated on. */
  private static Map<String, Double> thresholdFigures(
      double[] distances, int[] labels, double threshold) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("finetune.validation_accuracy", Verification.accuracy(distances, labels, threshold));
    double far = Verification.falseAcceptRate(distances, labels, threshold);
    double tar = Verification.recall(distances, labels, threshold);
    if (Double.isFinite(far)) {
      m.put("finetune.validation_far_at_threshold", far);
    }
    if (Double.isFinite(tar)) {
      m.put("finetune.validation_tar_at_threshold", tar);
    }
    return m;
  }

  /**
   * Why a target false accept rate could not be met exactly: fewer dissimilar validation pairs than
   * it takes to see one false accept at that rate.
   */
  static Optional<String> unresolvedTarget(ThresholdRule rule, PairSet validation) {
    int dissimilar = validation.size() - validation.similarCount();
    if (rule.kind() != ThresholdRule.Kind.FAR || dissimilar * rule.targetFar() >= 1) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "a threshold at FAR %s: %d dissimilar validation pairs cannot resolve it (that takes"
                + " %d); the threshold accepts no dissimilar validation pair",
            rule.targetFar(),
            dissimilar,
            (long) Math.ceil(1 / rule.targetFar())));
  }

  /** Why a true accept rate at a false accept rate is missing: too few dissimilar pairs. */
  static List<String> missingRates(PairSet test) {
    int dissimilar = test.size() - test.similarCount();
    List<String> missing = new ArrayList<>();
    for (double far : new double[] {1e-2, 1e-3}) {
      if (dissimilar == 0 || 1.0 / dissimilar > far) {
        missing.add(
            String.format(
                Locale.ROOT,
                "TAR at FAR %s: needs at least %d dissimilar test pairs, there are %d",
                far == 1e-2 ? "1e-2" : "1e-3",
                Math.round(1 / far),
                dissimilar));
      }
    }
    return missing;
  }

  /**
   * N-way one-shot episodes (N up to {@link #TEST_WAYS}) on images no stage has seen (the test
   * images, or the classes kept out of every stage) against raw pixels on the same episodes: how
   * well the model recognises a new image from one example. Adds the figures to {@code figures};
   * returns why they are missing when fewer than two classes have enough images.
   */
  private static Optional<String> episodes(
      String prefix, LabeledImages images, String what, RunState state, Map<String, Double> m) {
    int qualifying =
        (int) Arrays.stream(images.classCounts()).filter(c -> c >= 1 + TEST_QUERIES).count();
    int ways = Math.min(TEST_WAYS, qualifying);
    if (ways < 2) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "one-shot episodes on the %s: %d class(es) have the %d images an episode needs (1"
                  + " example, %d queries); at least 2 are needed",
              what,
              qualifying,
              1 + TEST_QUERIES,
              TEST_QUERIES));
    }
    Episodes.Result r =
        Episodes.run(
            images,
            EmbeddingFunction.of(state.tower(), state.manager(), state.inputShape()),
            state.recipe().metric(),
            ways,
            1,
            TEST_QUERIES,
            TEST_EPISODES,
            state.options().seed());
    String key = prefix + "." + ways + "_way_1_shot.";
    m.put(key + "accuracy", r.accuracy());
    m.put(key + "ci95", r.ci95());
    m.put(key + "raw_pixels_accuracy", r.baselineAccuracy());
    m.put(key + "raw_pixels_ci95", r.baselineCi95());
    m.put(key + "images", (double) images.size());
    m.put(key + "classes", (double) ways);
    LOG.info(
        "{}-way one-shot on the {}: {} (raw pixels {})",
        ways,
        what,
        String.format(Locale.ROOT, "%.4f", r.accuracy()),
        String.format(Locale.ROOT, "%.4f", r.baselineAccuracy()));
    return Optional.empty();
  }
}
