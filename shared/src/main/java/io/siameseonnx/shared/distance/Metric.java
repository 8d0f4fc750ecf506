package io.siameseonnx.shared.distance;

/** A distance between two embeddings; the model card names the one a model was trained with. */
public enum Metric {
  /** {@code sqrt(sum((a - b)^2))}, the seed's choice. */
  EUCLIDEAN,
  /** {@code 1 - cos(a, b)}. */
  COSINE;

  /** The distance between two embeddings of equal length. */
  public double between(float[] a, float[] b) {
    return switch (this) {
      case EUCLIDEAN -> Distances.euclidean(a, b);
      case COSINE -> Distances.cosine(a, b);
    };
  }

  /** The lower-case name used in the model card and the API. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses a wire name ({@code "euclidean"}, {@code "cosine"}). */
  public static Metric fromWireName(String name) {
    for (Metric m : values()) {
      if (m.wireName().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown distance metric: " + name);
  }
}
