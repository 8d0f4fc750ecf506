package io.siameseonnx.trainer.pairs;

import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.data.PairSet;
import io.siameseonnx.trainer.data.SyntheticRectangles;
import io.siameseonnx.trainer.data.SyntheticRectangles.Pools;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;

/**
 * The seed's synthetic task: images with a light-grey rectangle ("one") against images without
 * ("zero").
 *
 * <p>{@link #seed} follows the article: 50 fixed training pairs and 200 test pairs drawn from the
 * same 200 images, the test pairs doubling as validation data (and the threshold calibrated on the
 * training pairs, since the article has no other held-out pairs). {@link #heldOut} is the default
 * recipe: each pool is split 60/20/20 into training, validation and test images, so test pairs show
 * images never seen in training, and training pairs are drawn afresh every epoch.
 */
public final class RectanglePairs implements PairSource {
  /** Images in the seed's data set. */
  public static final int IMAGES = 200;

  private final boolean fixed;
  private final Pools train;
  private final PairSet fixedTrain;
  private final PairSet validation;
  private final PairSet test;
  private final int pairsPerEpoch;
  private final String fingerprint;

  private RectanglePairs(
      boolean fixed,
      Pools train,
      PairSet fixedTrain,
      PairSet validation,
      PairSet test,
      int pairsPerEpoch,
      String fingerprint) {
    this.fixed = fixed;
    this.train = train;
    this.fixedTrain = fixedTrain;
    this.validation = validation;
    this.test = test;
    this.pairsPerEpoch = pairsPerEpoch;
    this.fingerprint = fingerprint;
  }

  /** The article's setup: 50 fixed training pairs, 200 test pairs used as validation too. */
  public static RectanglePairs seed(long seed) {
    Pools pools = SyntheticRectangles.generate(IMAGES, seed);
    Random rnd = new Random(seed + 1);
    PairSet train = SyntheticRectangles.pairs(pools, 50, rnd);
    PairSet test = SyntheticRectangles.pairs(pools, 200, rnd);
    return new RectanglePairs(true, pools, train, test, test, 50, fingerprint(pools, seed));
  }

  /** The default recipe: disjoint image splits and fresh training pairs every epoch. */
  public static RectanglePairs heldOut(long seed, int pairsPerEpoch) {
    Pools pools = SyntheticRectangles.generate(IMAGES, seed);
    Pools[] split = split(pools);
    Random rnd = new Random(seed + 1);
    PairSet validation = SyntheticRectangles.pairs(split[1], 200, rnd);
    PairSet test = SyntheticRectangles.pairs(split[2], 200, rnd);
    return new RectanglePairs(
        false, split[0], null, validation, test, pairsPerEpoch, fingerprint(pools, seed));
  }

  private static Pools[] split(Pools pools) {
    float[][][] one = splitArray(pools.one());
    float[][][] zero = splitArray(pools.zero());
    return new Pools[] {
      new Pools(one[0], zero[0]), new Pools(one[1], zero[1]), new Pools(one[2], zero[2])
    };
  }

  private static float[][][] splitArray(float[][] images) {
    int n = images.length;
    int trainEnd = (int) Math.round(n * 0.6);
    int valEnd = (int) Math.round(n * 0.8);
    return new float[][][] {
      Arrays.copyOfRange(images, 0, trainEnd),
      Arrays.copyOfRange(images, trainEnd, valEnd),
      Arrays.copyOfRange(images, valEnd, n)
    };
  }

  /** Whether the training pairs stay the same every epoch (the article's setup). */
  public boolean fixedTrainingPairs() {
    return fixed;
  }

  @Override
  public PairSet trainPairs(int epoch, Random rnd) {
    return fixed ? fixedTrain : SyntheticRectangles.pairs(train, pairsPerEpoch, rnd);
  }

  @Override
  public PairSet validationPairs() {
    return fixed ? fixedTrain : validation;
  }

  /** The article's test pairs choose the epoch in the seed setup. */
  @Override
  public PairSet monitorPairs() {
    return validation;
  }

  @Override
  public PairSet testPairs() {
    return test;
  }

  /** The training pools as two classes, "plain" (0) and "rectangle" (1). */
  @Override
  public Optional<LabeledImages> labeledTrain() {
    int n = train.one().length + train.zero().length;
    float[][] images = new float[n][];
    int[] labels = new int[n];
    int k = 0;
    for (float[] img : train.zero()) {
      images[k] = img;
      labels[k++] = 0;
    }
    for (float[] img : train.one()) {
      images[k] = img;
      labels[k++] = 1;
    }
    return Optional.of(
        new LabeledImages(images, labels, java.util.List.of("plain", "rectangle"), "rectangles"));
  }

  @Override
  public io.siameseonnx.model.card.EvaluationProtocol protocol() {
    return new io.siameseonnx.model.card.EvaluationProtocol(
        "images",
        java.util.List.of(),
        fixed
            ? "the article's 200 test pairs, drawn from the training images"
            : "20% of each pool's images for validation and 20% for test",
        java.util.List.of(),
        java.util.List.of(),
        false,
        "",
        java.util.List.of());
  }

  @Override
  public String description() {
    return fixed
        ? "rectangles (seed: 50 fixed training pairs, 200 test pairs)"
        : "rectangles (" + pairsPerEpoch + " fresh pairs an epoch, 200 validation, 200 test pairs)";
  }

  @Override
  public String fingerprint() {
    return fingerprint;
  }

  private static String fingerprint(Pools pools, long seed) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(("rectangles:" + seed).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (float[][] pool : new float[][][] {pools.one(), pools.zero()}) {
        for (float[] img : pool) {
          ByteBuffer buf = ByteBuffer.allocate(img.length * 4);
          for (float v : img) {
            buf.putFloat(v);
          }
          md.update(buf.array());
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
