package io.siameseonnx.trainer.cli;

import io.siameseonnx.model.card.EvaluationProtocol;
import io.siameseonnx.trainer.pipeline.RunOptions;
import io.siameseonnx.trainer.pipeline.RunResult;
import io.siameseonnx.trainer.train.StageResult;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The table printed at the end of a run. */
final class Summary {
  private Summary() {}

  static void print(PrintStream out, RunOptions options, RunResult result) {
    Map<String, Double> m = result.metrics();
    out.println();
    out.printf(
        Locale.ROOT,
        "%-38s %s (%s tower%s, %s distance)%n",
        "recipe",
        options.recipe().name(),
        options.recipe().architecture(),
        options.recipe().l2Normalize() ? ", L2-normalised" : "",
        options.recipe().metric().wireName());
    if (!options.recipe().finetune().augment().isNone()) {
      text(out, "fine-tuning augmentation", options.recipe().finetune().augment().wireName());
    }
    protocol(out, result.info().protocol());
    result.pretrain().ifPresent(r -> stage(out, "pretrain", r));
    row(out, m, "pretrain.val_accuracy", "pretrain validation accuracy");
    result.finetune().ifPresent(r -> stage(out, "finetune", r));
    String at = result.info().protocol().thresholdAt();
    row(
        out,
        m,
        "finetune.threshold",
        at.isEmpty()
            ? "threshold (calibrated on validation)"
            : "threshold (" + at + ", validation)");
    row(out, m, "finetune.validation_accuracy", "validation accuracy at the threshold");
    pairs(out, m, "validation");
    pairs(out, m, "test");
    interval(out, m, "finetune.test_accuracy", "test accuracy at the threshold", "Wilson");
    row(out, m, "finetune.test_best_accuracy", "test accuracy at its best threshold");
    rates(out, m);
    row(out, m, "finetune.test_accuracy_at_0_5", "test accuracy at d < 0.5 (article)");
    interval(out, m, "finetune.roc_auc", "test ROC-AUC", "Hanley-McNeil");
    row(out, m, "finetune.eer", "test EER");
    episodes(out, m, "test", "on test images");
    episodes(out, m, "excluded", "on excluded classes");
    for (String reason : result.info().protocol().missing()) {
      text(out, "not measured", reason);
    }
    out.printf(Locale.ROOT, "%-38s %s%n", "checkpoint", result.checkpoint());
    out.printf(Locale.ROOT, "%-38s %s%n", "metrics", options.metricsFile());
  }

  /** How the figures below were measured: what was held out, and why a figure is missing. */
  private static void protocol(PrintStream out, EvaluationProtocol p) {
    if (p.split().equals("classes")) {
      text(out, "held-out classes (validation, test)", String.join(", ", p.heldOutClasses()));
      text(out, "  chosen as", p.heldOutRule());
    } else if (!p.heldOutRule().isEmpty()) {
      text(out, "held out for validation and test", p.heldOutRule());
    }
    if (!p.excludedClasses().isEmpty()) {
      text(out, "classes excluded from every stage", String.join(", ", p.excludedClasses()));
    }
    if (!p.pretrainOverlap().isEmpty()) {
      text(
          out,
          "pretraining classes named like them",
          String.join(", ", p.pretrainOverlap())
              + (p.pretrainOverlapExcluded()
                  ? " (left out of pretraining)"
                  : " (pretrained on: --keep-overlapping-pretrain-classes)"));
    }
  }

  private static void text(PrintStream out, String label, String value) {
    out.printf(Locale.ROOT, "%-38s %s%n", label, value);
  }

  private static void stage(PrintStream out, String name, StageResult r) {
    out.printf(
        Locale.ROOT,
        "%-38s %d epochs (best %d), %.1f s, %.0f samples/s%n",
        name,
        r.epochs(),
        r.bestEpoch(),
        r.seconds(),
        r.samplesPerSecond());
  }

  /** How many pairs and distinct images a figure rests on. */
  private static void pairs(PrintStream out, Map<String, Double> m, String which) {
    Double pairs = m.get("finetune." + which + "_pairs");
    Double distinct = m.get("finetune." + which + "_distinct_pairs");
    Double images = m.get("finetune." + which + "_images");
    if (pairs != null && distinct != null && images != null) {
      Double similar = m.get("finetune." + which + "_similar_pairs");
      text(
          out,
          which + " pairs",
          String.format(
              Locale.ROOT,
              "%.0f (%.0f distinct%s) of %.0f distinct images",
              pairs,
              distinct,
              similar == null ? "" : String.format(Locale.ROOT, ", %.0f similar", similar),
              images));
    }
  }

  /** The test false and true accept rates at the threshold. */
  private static void rates(PrintStream out, Map<String, Double> m) {
    Double far = m.get("finetune.far_at_threshold");
    Double tar = m.get("finetune.tar_at_threshold");
    if (far != null && tar != null) {
      text(
          out,
          "test FAR / TAR at the threshold",
          String.format(Locale.ROOT, "%.4f / %.4f", far, tar));
    }
  }

  /** A figure with its 95% confidence interval ({@code KEY_ci95_low}, {@code KEY_ci95_high}). */
  private static void interval(
      PrintStream out, Map<String, Double> m, String key, String label, String method) {
    Double v = m.get(key);
    Double low = m.get(key + "_ci95_low");
    Double high = m.get(key + "_ci95_high");
    if (v != null && low != null && high != null) {
      out.printf(Locale.ROOT, "%-38s %.4f (95%% CI %.4f-%.4f, %s)%n", label, v, low, high, method);
    } else {
      row(out, m, key, label);
    }
  }

  private static void row(PrintStream out, Map<String, Double> m, String key, String label) {
    Double v = m.get(key);
    if (v != null) {
      out.printf(Locale.ROOT, "%-38s %.4f%n", label, v);
    }
  }

  /** The one-shot figure under {@code prefix} (e.g. {@code test.10_way_1_shot.accuracy}). */
  private static void episodes(PrintStream out, Map<String, Double> m, String prefix, String on) {
    m.keySet().stream()
        .filter(k -> k.startsWith(prefix + ".") && k.endsWith("_way_1_shot.accuracy"))
        .findFirst()
        .ifPresent(
            k -> {
              String base = k.substring(0, k.length() - "accuracy".length());
              String ways = base.substring(prefix.length() + 1, base.indexOf("_way"));
              out.printf(
                  Locale.ROOT,
                  "%-38s %.4f +- %.4f (raw pixels %.4f)%n",
                  ways + "-way 1-shot " + on,
                  m.get(k),
                  m.get(base + "ci95"),
                  m.get(base + "raw_pixels_accuracy"));
            });
  }
}
