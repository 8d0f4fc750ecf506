package io.siameseonnx.model.card;

import java.util.List;

/**
 * How a model's figures were measured, so that a reader can trust or explain them: which classes
 * were held out and why, which pretraining classes overlapped them, and how the decision threshold
 * was chosen. Every field is optional in JSON (cards written before it was added have none).
 *
 * @param split what the test pairs hold out: {@code "classes"} (whole classes no stage trained on),
 *     {@code "images"} (new images of the training classes), {@code "pairs"} (a share of a pair
 *     list) or {@code ""} when not recorded
 * @param heldOutClasses names of the classes held out for validation and test, sorted; empty unless
 *     {@code split} is {@code "classes"}
 * @param heldOutRule how the held-out classes were chosen, in words
 * @param excludedClasses names of the classes kept out of every stage ({@code --exclude-classes})
 * @param pretrainOverlap names of pretraining classes equal to a held-out or excluded class name
 * @param pretrainOverlapExcluded whether those overlapping classes were left out of pretraining
 * @param thresholdAt the operating point the threshold was calibrated for: {@code "accuracy"},
 *     {@code "eer"} or {@code "far=<rate>"}; empty when not recorded
 * @param missing figures that could not be measured, each with the reason
 */
public record EvaluationProtocol(
    String split,
    List<String> heldOutClasses,
    String heldOutRule,
    List<String> excludedClasses,
    List<String> pretrainOverlap,
    boolean pretrainOverlapExcluded,
    String thresholdAt,
    List<String> missing) {

  /** Replaces absent fields by empty ones and copies the lists. */
  public EvaluationProtocol {
    split = split == null ? "" : split;
    heldOutClasses = heldOutClasses == null ? List.of() : List.copyOf(heldOutClasses);
    heldOutRule = heldOutRule == null ? "" : heldOutRule;
    excludedClasses = excludedClasses == null ? List.of() : List.copyOf(excludedClasses);
    pretrainOverlap = pretrainOverlap == null ? List.of() : List.copyOf(pretrainOverlap);
    thresholdAt = thresholdAt == null ? "" : thresholdAt;
    missing = missing == null ? List.of() : List.copyOf(missing);
  }

  /** A protocol that records nothing (cards and checkpoints written before it existed). */
  public static EvaluationProtocol unrecorded() {
    return new EvaluationProtocol("", List.of(), "", List.of(), List.of(), false, "", List.of());
  }

  /** A copy with other pretraining overlap facts. */
  public EvaluationProtocol withPretrainOverlap(List<String> overlap, boolean excluded) {
    return new EvaluationProtocol(
        split,
        heldOutClasses,
        heldOutRule,
        excludedClasses,
        overlap,
        excluded,
        thresholdAt,
        missing);
  }

  /** A copy with the threshold's operating point and the figures that are missing. */
  public EvaluationProtocol withEvaluation(String operatingPoint, List<String> missingFigures) {
    return new EvaluationProtocol(
        split,
        heldOutClasses,
        heldOutRule,
        excludedClasses,
        pretrainOverlap,
        pretrainOverlapExcluded,
        operatingPoint,
        missingFigures);
  }
}
