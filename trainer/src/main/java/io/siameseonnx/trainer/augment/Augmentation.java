package io.siameseonnx.trainer.augment;

import io.siameseonnx.model.card.ModelCard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which random changes a training image gets each time it enters a fine-tuning batch, and their
 * ranges: what {@code --augment} names. Photos of objects take all three ({@code photo}); a
 * signature or handwriting takes crop and jitter but no flip (a mirrored signature is another
 * signature); already aligned crops such as the embedded digits take none.
 *
 * @param crop random resized crop: a window of the image, resampled back to its size
 * @param flip mirror left to right with probability {@code flipProbability}
 * @param jitter shift the brightness and scale the contrast around the image's mean
 * @param minArea smallest share of the image's area a crop keeps
 * @param maxArea largest share of the image's area a crop keeps
 * @param minAspect smallest width-to-height ratio of a crop
 * @param maxAspect largest width-to-height ratio of a crop
 * @param flipProbability chance that an image is mirrored
 * @param brightness largest brightness shift: one is drawn from [-brightness, brightness] and added
 *     to every pixel
 * @param contrast largest contrast change: a factor is drawn from [1 - contrast, 1 + contrast]
 */
public record Augmentation(
    boolean crop,
    boolean flip,
    boolean jitter,
    double minArea,
    double maxArea,
    double minAspect,
    double maxAspect,
    double flipProbability,
    double brightness,
    double contrast) {

  /** Smallest area share of a crop unless told otherwise. */
  public static final double DEFAULT_MIN_AREA = 0.6;

  /** Smallest width-to-height ratio of a crop unless told otherwise. */
  public static final double DEFAULT_MIN_ASPECT = 3.0 / 4.0;

  /** Largest width-to-height ratio of a crop unless told otherwise. */
  public static final double DEFAULT_MAX_ASPECT = 4.0 / 3.0;

  /** Chance of a flip unless told otherwise. */
  public static final double DEFAULT_FLIP_PROBABILITY = 0.5;

  /** Largest brightness shift unless told otherwise. */
  public static final double DEFAULT_BRIGHTNESS = 0.2;

  /** Largest contrast change unless told otherwise. */
  public static final double DEFAULT_CONTRAST = 0.2;

  private static final String NONE = ModelCard.NO_AUGMENTATION;
  private static final String PHOTO = "photo";
  private static final String CROP = "crop";
  private static final String FLIP = "flip";
  private static final String JITTER = "jitter";
  private static final String CHOICES =
      "choose none, photo, or a comma list of " + CROP + ", " + FLIP + ", " + JITTER;

  /** Checks the ranges. */
  public Augmentation {
    if (!(minArea > 0) || !(minArea <= maxArea) || !(maxArea <= 1)) {
      throw new IllegalArgumentException("crop area shares need 0 < min <= max <= 1");
    }
    if (!(minAspect > 0) || !(minAspect <= maxAspect) || !Double.isFinite(maxAspect)) {
      throw new IllegalArgumentException("crop aspect ratios need 0 < min <= max");
    }
    if (!(flipProbability >= 0 && flipProbability <= 1)) {
      throw new IllegalArgumentException("the flip probability must be between 0 and 1");
    }
    if (!(brightness >= 0 && brightness <= 1) || !(contrast >= 0 && contrast < 1)) {
      throw new IllegalArgumentException(
          "brightness must be between 0 and 1 and contrast at least 0 and below 1");
    }
  }

  /** No augmentation: every image as it was prepared. */
  public static Augmentation none() {
    return of(false, false, false);
  }

  /** For photos of objects, products, parts or faces: crop, flip and jitter. */
  public static Augmentation photo() {
    return of(true, true, true);
  }

  /** The named transforms with the default ranges. */
  public static Augmentation of(boolean crop, boolean flip, boolean jitter) {
    return new Augmentation(
        crop,
        flip,
        jitter,
        DEFAULT_MIN_AREA,
        1.0,
        DEFAULT_MIN_ASPECT,
        DEFAULT_MAX_ASPECT,
        DEFAULT_FLIP_PROBABILITY,
        DEFAULT_BRIGHTNESS,
        DEFAULT_CONTRAST);
  }

  /**
   * Parses an {@code --augment} value: {@code none}, {@code photo} (= {@code crop,flip,jitter}) or
   * a comma list of {@code crop}, {@code flip} and {@code jitter}.
   *
   * @throws IllegalArgumentException naming the value and the choices when it is none of these
   */
  public static Augmentation parse(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    if (text.equals(NONE)) {
      return none();
    }
    if (text.equals(PHOTO)) {
      return photo();
    }
    boolean crop = false;
    boolean flip = false;
    boolean jitter = false;
    for (String part : text.split(",", -1)) {
      switch (part.trim()) {
        case CROP -> crop = true;
        case FLIP -> flip = true;
        case JITTER -> jitter = true;
        default ->
            throw new IllegalArgumentException(
                "unknown --augment value '" + value + "' (" + CHOICES + ")");
      }
    }
    return of(crop, flip, jitter);
  }

  /** Whether images are left as they are. */
  public boolean isNone() {
    return !crop && !flip && !jitter;
  }

  /**
   * The transforms in the form {@link #parse} reads and checkpoints, {@code metrics.json} and model
   * cards record: {@code none}, or the comma list in the order they are applied ({@code photo}
   * reads {@code crop,flip,jitter}).
   */
  public String wireName() {
    List<String> parts = new ArrayList<>();
    if (crop) {
      parts.add(CROP);
    }
    if (flip) {
      parts.add(FLIP);
    }
    if (jitter) {
      parts.add(JITTER);
    }
    return parts.isEmpty() ? NONE : String.join(",", parts);
  }
}
