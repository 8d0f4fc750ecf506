package io.siameseonnx.trainer.loss;

import java.util.Locale;

/** The Siamese losses a recipe can name with {@code --loss}. */
public enum LossKind {
  /** Contrastive loss over pairs (the seed's). */
  CONTRASTIVE,
  /** Triplet loss over anchor, positive and negative. */
  TRIPLET;

  /** Parses {@code contrastive} or {@code triplet}. */
  public static LossKind parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown loss '" + name + "' (choose contrastive or triplet)", e);
    }
  }

  /** The option value and model-card name. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
