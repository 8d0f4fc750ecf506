package io.siameseonnx.trainer.pairs;

import io.siameseonnx.trainer.data.DataException;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.data.PairSampler;
import io.siameseonnx.trainer.data.PairSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Pairs drawn from class-labelled images (a folder of class subfolders, IDX files): balanced
 * similar/dissimilar pairs drawn afresh every epoch from the training images; validation and test
 * pairs drawn once from held-out images, or from held-out whole classes when {@code holdoutClasses}
 * is set (the realistic case: the model must tell apart classes it never saw).
 */
public final class LabeledPairs implements PairSource {
  private final LabeledSplit split;
  private final PairSet validation;
  private final PairSet test;
  private final int pairsPerEpoch;
  private final String description;

  private LabeledPairs(
      LabeledSplit split, PairSet validation, PairSet test, int pairsPerEpoch, String description) {
    this.split = split;
    this.validation = validation;
    this.test = test;
    this.pairsPerEpoch = pairsPerEpoch;
    this.description = description;
  }

  /**
   * Splits the images: with {@code holdoutClasses}, about 30% of the classes (at least two) are
   * kept out of training and split between validation and test images; otherwise 70/15/15 of every
   * class's images.
   */
  public static LabeledPairs of(
      LabeledImages images, boolean holdoutClasses, int pairsPerEpoch, int evalPairs, long seed) {
    LabeledImages train;
    LabeledImages heldOut;
    if (holdoutClasses) {
      if (images.numClasses() < 4) {
        throw new DataException(
            "holding out classes needs at least 4 classes; "
                + images.source()
                + " has "
                + images.numClasses());
      }
      double fraction = Math.max(0.3, 2.0 / images.numClasses());
      int[][] split = PairSampler.splitClasses(images.numClasses(), fraction, seed);
      train = images.onlyClasses(toSet(split[0]));
      heldOut = images.onlyClasses(toSet(split[1]));
    } else {
      LabeledImages[] parts = images.split(0.3, seed);
      train = parts[0];
      heldOut = parts[1];
    }
    LabeledImages[] valTest = heldOut.split(0.5, seed + 1);
    PairSet validation = new PairSampler(valTest[0], new Random(seed + 2)).balanced(evalPairs);
    PairSet test = new PairSampler(valTest[1], new Random(seed + 3)).balanced(evalPairs);
    String description =
        images.source()
            + " ("
            + images.size()
            + " images, "
            + images.numClasses()
            + " classes, "
            + (holdoutClasses ? "whole classes held out" : "images held out")
            + ")";
    return new LabeledPairs(
        new LabeledSplit(train, valTest[1], Optional.empty()),
        validation,
        test,
        pairsPerEpoch,
        description);
  }

  /** These pairs, carrying the images of the classes kept out of every stage. */
  public LabeledPairs withExcluded(LabeledImages excluded) {
    return new LabeledPairs(
        new LabeledSplit(split.train(), split.test(), Optional.of(excluded)),
        validation,
        test,
        pairsPerEpoch,
        description);
  }

  private static Set<Integer> toSet(int[] values) {
    Set<Integer> set = new HashSet<>();
    Arrays.stream(values).forEach(set::add);
    return set;
  }

  @Override
  public PairSet trainPairs(int epoch, Random rnd) {
    return new PairSampler(split.train(), rnd).balanced(pairsPerEpoch);
  }

  @Override
  public PairSet validationPairs() {
    return validation;
  }

  @Override
  public PairSet testPairs() {
    return test;
  }

  @Override
  public Optional<LabeledSplit> labeledSplit() {
    return Optional.of(split);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public String fingerprint() {
    return split.train().fingerprint();
  }
}
