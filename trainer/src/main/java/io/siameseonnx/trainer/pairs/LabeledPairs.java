package io.siameseonnx.trainer.pairs;

import io.siameseonnx.model.card.EvaluationProtocol;
import io.siameseonnx.trainer.data.DataException;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.data.PairSampler;
import io.siameseonnx.trainer.data.PairSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
  /** The least share of the classes held out with {@code holdoutClasses}. */
  public static final double HOLDOUT_FRACTION = 0.3;

  private final LabeledSplit split;
  private final PairSet validation;
  private final PairSet test;
  private final int pairsPerEpoch;
  private final String description;
  private final EvaluationProtocol protocol;

  private LabeledPairs(
      LabeledSplit split,
      PairSet validation,
      PairSet test,
      int pairsPerEpoch,
      String description,
      EvaluationProtocol protocol) {
    this.split = split;
    this.validation = validation;
    this.test = test;
    this.pairsPerEpoch = pairsPerEpoch;
    this.description = description;
    this.protocol = protocol;
  }

  /**
   * Splits the images: with {@code holdoutClasses}, {@link #HOLDOUT_FRACTION} of the classes that
   * have images (rounded, at least two, at most all but two), drawn at random with the seed, are
   * kept out of training and their images split between validation and test; otherwise 70/15/15 of
   * every class's images.
   */
  public static LabeledPairs of(
      LabeledImages images, boolean holdoutClasses, int pairsPerEpoch, int evalPairs, long seed) {
    LabeledImages train;
    LabeledImages heldOut;
    EvaluationProtocol protocol;
    if (holdoutClasses) {
      int[] present = presentClasses(images);
      if (present.length < 4) {
        throw new DataException(
            "holding out classes needs at least 4 classes; "
                + images.source()
                + " has "
                + present.length);
      }
      double fraction = Math.max(HOLDOUT_FRACTION, 2.0 / present.length);
      int[][] split = PairSampler.splitClasses(present.length, fraction, seed);
      train = images.onlyClasses(toSet(split[0], present));
      Set<Integer> heldClasses = toSet(split[1], present);
      heldOut = images.onlyClasses(heldClasses);
      List<String> names =
          heldClasses.stream().sorted().map(c -> images.classNames().get(c)).toList();
      String rule =
          String.format(
              Locale.ROOT,
              "%d of the %d classes (%.0f%%, at least 2, at most all but 2), drawn at random"
                  + " with seed %d; their images split in half for validation and test",
              split[1].length,
              present.length,
              100 * HOLDOUT_FRACTION,
              seed);
      protocol =
          new EvaluationProtocol(
              "classes", names, rule, List.of(), List.of(), false, "", List.of());
    } else {
      LabeledImages[] parts = images.split(0.3, seed);
      train = parts[0];
      heldOut = parts[1];
      protocol =
          new EvaluationProtocol(
              "images",
              List.of(),
              "30% of every class's images (with seed "
                  + seed
                  + "), split in half for validation and test",
              List.of(),
              List.of(),
              false,
              "",
              List.of());
    }
    LabeledImages[] valTest = heldOut.split(0.5, seed + 1);
    // distinct pairs: a repeated pair would count one observation twice in every figure
    PairSet validation = new PairSampler(valTest[0], new Random(seed + 2)).distinct(evalPairs);
    PairSet test = new PairSampler(valTest[1], new Random(seed + 3)).distinct(evalPairs);
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
        description,
        protocol);
  }

  /** These pairs, carrying the images of the classes kept out of every stage. */
  public LabeledPairs withExcluded(LabeledImages excluded) {
    List<String> names =
        Arrays.stream(presentClasses(excluded))
            .mapToObj(c -> excluded.classNames().get(c))
            .toList();
    return new LabeledPairs(
        new LabeledSplit(split.train(), split.test(), Optional.of(excluded)),
        validation,
        test,
        pairsPerEpoch,
        description,
        new EvaluationProtocol(
            protocol.split(),
            protocol.heldOutClasses(),
            protocol.heldOutRule(),
            names,
            List.of(),
            false,
            "",
            List.of()));
  }

  /** The labels of the classes that have images, ascending. */
  private static int[] presentClasses(LabeledImages images) {
    int[] counts = images.classCounts();
    return java.util.stream.IntStream.range(0, counts.length).filter(c -> counts[c] > 0).toArray();
  }

  /** The labels at the given positions of {@code present}. */
  private static Set<Integer> toSet(int[] positions, int[] present) {
    Set<Integer> set = new HashSet<>();
    Arrays.stream(positions).forEach(i -> set.add(present[i]));
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
  public EvaluationProtocol protocol() {
    return protocol;
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
