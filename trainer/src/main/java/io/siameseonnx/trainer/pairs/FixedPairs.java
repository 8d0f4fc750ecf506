package io.siameseonnx.trainer.pairs;

import io.siameseonnx.trainer.data.PairSet;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Pairs given as they are (a pairs CSV), split 70/15/15 into training, validation and test. */
public final class FixedPairs implements PairSource {
  private final PairSet train;
  private final PairSet validation;
  private final PairSet test;
  private final String description;
  private final String fingerprint;

  /** Splits {@code pairs} with the seed. */
  public FixedPairs(PairSet pairs, String source, long seed) {
    if (pairs.size() < 10) {
      throw new io.siameseonnx.trainer.data.DataException(
          source + " holds " + pairs.size() + " usable pairs; at least 10 are needed");
    }
    int[] order = new int[pairs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Random rnd = new Random(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int trainEnd = (int) Math.round(pairs.size() * 0.7);
    int valEnd = (int) Math.round(pairs.size() * 0.85);
    this.train = pairs.subset(java.util.Arrays.copyOfRange(order, 0, trainEnd));
    this.validation = pairs.subset(java.util.Arrays.copyOfRange(order, trainEnd, valEnd));
    this.test = pairs.subset(java.util.Arrays.copyOfRange(order, valEnd, order.length));
    this.description = source + " (" + pairs.size() + " pairs)";
    this.fingerprint = hash(pairs);
  }

  private static String hash(PairSet pairs) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < pairs.size(); i++) {
        for (float[] img : new float[][] {pairs.first()[i], pairs.second()[i]}) {
          ByteBuffer buf = ByteBuffer.allocate(img.length * 4);
          for (float v : img) {
            buf.putFloat(v);
          }
          md.update(buf.array());
        }
        md.update((byte) pairs.labels()[i]);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public PairSet trainPairs(int epoch, Random rnd) {
    return train;
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
  public io.siameseonnx.model.card.EvaluationProtocol protocol() {
    return new io.siameseonnx.model.card.EvaluationProtocol(
        "pairs",
        java.util.List.of(),
        "15% of the listed pairs for validation and 15% for test, drawn with the seed",
        java.util.List.of(),
        java.util.List.of(),
        false,
        "",
        java.util.List.of());
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public String fingerprint() {
    return fingerprint;
  }
}
