package io.siameseonnx.trainer.pipeline;

import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.data.PairSet;
import io.siameseonnx.trainer.eval.EmbeddingFunction;
import io.siameseonnx.trainer.eval.Episodes;
import io.siameseonnx.trainer.eval.Verification;
import io.siameseonnx.trainer.eval.VerificationReport;
import io.siameseonnx.trainer.pairs.LabeledSplit;
import io.siameseonnx.trainer.pairs.PairSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 3: calibrates the decision threshold on the validation pairs and measures the test pairs at
 * it, distances under the recipe's metric; with class-labelled pairs also N-way one-shot episodes
 * on the test images (and on the excluded classes) against raw pixels.
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
    double threshold =
        Verification.calibrateThreshold(
            embedder.distances(validation, metric), validation.labels());
    PairSet test = pairs.testPairs();
    double[] testDistances = embedder.distances(test, metric);
    VerificationReport report = VerificationReport.of(testDistances, test.labels(), threshold);
    Map<String, Double> figures = new LinkedHashMap<>(report.toMetrics("finetune."));
    pairs
        .labeledSplit()
        .ifPresent(split -> figures.putAll(episodes("test", split.test(), "test images", state)));
    pairs
        .labeledSplit()
        .flatMap(LabeledSplit::excluded)
        .ifPresent(
            unseen -> figures.putAll(episodes("excluded", unseen, "excluded classes", state)));
    return state.evaluated(new Evaluation(threshold, report, testDistances), figures);
  }

  /**
   * N-way one-shot episodes (N up to {@link #TEST_WAYS}) on images no stage has seen (the test
   * images, or the classes kept out of every stage) against raw pixels on the same episodes: how
   * well the model recognises a new image from one example. Empty when fewer than two classes have
   * enough images.
   */
  private static Map<String, Double> episodes(
      String prefix, LabeledImages images, String what, RunState state) {
    int qualifying =
        (int) Arrays.stream(images.classCounts()).filter(c -> c >= 1 + TEST_QUERIES).count();
    int ways = Math.min(TEST_WAYS, qualifying);
    if (ways < 2) {
      return Map.of();
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
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(key + "accuracy", r.accuracy());
    m.put(key + "ci95", r.ci95());
    m.put(key + "raw_pixels_accuracy", r.baselineAccuracy());
    m.put(key + "raw_pixels_ci95", r.baselineCi95());
    LOG.info(
        "{}-way one-shot on the {}: {} (raw pixels {})",
        ways,
        what,
        String.format(Locale.ROOT, "%.4f", r.accuracy()),
        String.format(Locale.ROOT, "%.4f", r.baselineAccuracy()));
    return m;
  }
}
