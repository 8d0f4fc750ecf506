package io.siameseonnx.trainer.pipeline;

import io.siameseonnx.trainer.eval.VerificationReport;

/**
 * What evaluation found: the threshold calibrated on the validation pairs and the test pairs'
 * figures at it.
 *
 * @param threshold the calibrated decision threshold, under the recipe's metric
 * @param report verification figures on the test pairs at the threshold
 * @param testDistances the test pairs' distances, in the order of the pairs (for the plots)
 */
public record Evaluation(double threshold, VerificationReport report, double[] testDistances) {
  /** Copies the distances. */
  public Evaluation {
    testDistances = testDistances.clone();
  }

  /** The test pairs' distances. */
  @Override
  public double[] testDistances() {
    return testDistances.clone();
  }
}
