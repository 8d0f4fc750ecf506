package io.siameseonnx.trainer.pairs;

import io.siameseonnx.model.card.EvaluationProtocol;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.data.PairSet;
import java.util.Optional;
import java.util.Random;

/**
 * The pairs of one Siamese training run: training pairs for each epoch (fresh or fixed), validation
 * pairs for model selection and threshold calibration, and test pairs for the final figures.
 */
public interface PairSource {
  /** The training pairs of an epoch (1-based). */
  PairSet trainPairs(int epoch, Random rnd);

  /** Pairs for early stopping and threshold calibration. */
  PairSet validationPairs();

  /** Pairs that choose the epoch to keep (early stopping); the validation pairs by default. */
  default PairSet monitorPairs() {
    return validationPairs();
  }

  /** Held-out pairs for the reported figures. */
  PairSet testPairs();

  /**
   * The class-labelled training images behind the pairs, for triplet losses and online mining;
   * empty where the pairs carry no classes (a pairs CSV).
   */
  default Optional<LabeledImages> labeledTrain() {
    return labeledSplit().map(LabeledSplit::train);
  }

  /** The class-labelled images behind the pairs and how they were split; empty for pair lists. */
  default Optional<LabeledSplit> labeledSplit() {
    return Optional.empty();
  }

  /** How the validation and test pairs are held out (classes, images, pairs) and which. */
  default EvaluationProtocol protocol() {
    return EvaluationProtocol.unrecorded();
  }

  /** A short description for logs and the model card. */
  String description();

  /** SHA-256 over the data behind the pairs. */
  String fingerprint();
}
