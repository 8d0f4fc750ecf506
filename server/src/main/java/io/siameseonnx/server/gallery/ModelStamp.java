package io.siameseonnx.server.gallery;

import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.shared.distance.Metric;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The model version that embedded a gallery's examples, and what the gallery needs to know of it. A
 * gallery is searched only with embeddings of its own model; re-embedding moves it to another.
 *
 * @param name the model's name
 * @param version its repository version
 * @param cardFingerprint SHA-256 of its model card, so that two exports under one version differ
 * @param dimension embedding length
 * @param metric the distance the model was trained and calibrated with
 * @param threshold the card's decision threshold: similar when the distance is below it
 * @param inputShape C, H, W of the preprocessed input tensor the gallery stores
 */
public record ModelStamp(
    String name,
    long version,
    String cardFingerprint,
    int dimension,
    Metric metric,
    double threshold,
    List<Integer> inputShape) {

  /** Checks the values. */
  public ModelStamp {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cardFingerprint, "cardFingerprint");
    Objects.requireNonNull(metric, "metric");
    inputShape = List.copyOf(inputShape);
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive, got " + dimension);
    }
    if (!(threshold > 0) || !Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be a positive number, got " + threshold);
    }
    if (inputShape.isEmpty() || inputShape.stream().anyMatch(d -> d <= 0)) {
      throw new IllegalArgumentException("input shape must be positive sizes, got " + inputShape);
    }
  }

  /** The stamp of repository version {@code version} of the model with this card. */
  public static ModelStamp of(ModelCard card, long version) {
    List<Integer> chw =
        card.inputs().get(0).shape().subList(1, 4).stream().map(Long::intValue).toList();
    return new ModelStamp(
        card.name(),
        version,
        fingerprint(card),
        card.embeddingDimension(),
        card.distanceMetric(),
        card.threshold(),
        chw);
  }

  /** SHA-256 (hex) of the card's JSON. */
  public static String fingerprint(ModelCard card) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(ModelCards.toJson(card).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Floats in one input tensor. */
  public int tensorLength() {
    return inputShape.stream().reduce(1, Math::multiplyExact);
  }

  /** Whether {@code other} is the same model: name, version and card. */
  public boolean sameModel(ModelStamp other) {
    return name.equals(other.name)
        && version == other.version
        && cardFingerprint.equals(other.cardFingerprint);
  }

  /** {@code name v3 (ab12cd34)}, for messages. */
  public String label() {
    return name
        + " v"
        + version
        + " ("
        + cardFingerprint.substring(0, Math.min(8, cardFingerprint.length()))
        + ")";
  }
}
