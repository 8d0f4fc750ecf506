package io.siameseonnx.trainer.loss;

import java.util.Locale;

/** The Siamese losses a recipe can name with {@code --loss}. */
public enum LossKind {
  /** Contrastive loss over pairs (the seed's). */
  CONTRASTIVE,
  /** Triplet loss over anchor, positive and negative. */
  TRIPLET,
  /**
   * Supervised contrastive loss (Khosla et al., 2020) over a class-balanced batch: every image is
   * pulled towards all images of its class and pushed from the rest, with a softmax temperature.
   */
  SUPCON;

  /** Parses {@code contrastive}, {@code triplet} or {@code supcon}. */
  public static LossKind parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown loss '" + name + "' (choose contrastive, triplet or supcon)", e);
    }
  }

  /** The option value and model-card name. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
