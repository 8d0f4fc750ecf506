package io.siameseonnx.trainer.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Preprocessed images (each a CHW {@code float[]} of the spec's tensor size, values in [0, 1]) with
 * integer class labels; subsets share the image arrays rather than copying them.
 *
 * @param images one preprocessed image per entry
 * @param labels the class of each image, an index into {@code classNames}
 * @param classNames the name of each class, by label
 * @param source where the images came from, for messages and the model card
 */
public record LabeledImages(
    float[][] images, int[] labels, List<String> classNames, String source) {

  /** Checks that images and labels line up, labels name a class and all images share a size. */
  public LabeledImages {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(labels, "labels");
    classNames = List.copyOf(classNames);
    Objects.requireNonNull(source, "source");
    if (images.length != labels.length) {
      throw new IllegalArgumentException(
          images.length + " images but " + labels.length + " labels in " + source);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classNames.size()) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of image " + i + " names no class in " + source);
      }
      if (images[i].length != images[0].length) {
        throw new IllegalArgumentException(
            "image " + i + " has " + images[i].length + " values, not " + images[0].length);
      }
    }
  }

  /** Number of images. */
  public int size() {
    return labels.length;
  }

  /** Number of classes, {@code classNames().size()}; some may have no images in a subset. */
  public int numClasses() {
    return classNames.size();
  }

  /** How many images each class holds, by label. */
  public int[] classCounts() {
    int[] counts = new int[numClasses()];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /** The images at the given indices, in that order, with the same class names. */
  public LabeledImages subset(int[] indices) {
    float[][] chosen = new float[indices.length][];
    int[] chosenLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      chosen[i] = images[indices[i]];
      chosenLabels[i] = labels[indices[i]];
    }
    return new LabeledImages(chosen, chosenLabels, classNames, source);
  }

  /**
   * These images without any whose pixels equal one of {@code others}' (compared by content, so a
   * copy of an image read from another file counts as the same image).
   */
  public LabeledImages without(LabeledImages others) {
    Set<PixelKey> drop = new HashSet<>();
    for (float[] image : others.images()) {
      drop.add(new PixelKey(image));
    }
    int[] kept =
        java.util.stream.IntStream.range(0, images.length)
            .filter(i -> !drop.contains(new PixelKey(images[i])))
            .toArray();
    return kept.length == images.length ? this : subset(kept);
  }

  /** An image's pixels as a hash key. */
  private record PixelKey(float[] pixels) {
    @Override
    public boolean equals(Object o) {
      return o instanceof PixelKey other && Arrays.equals(pixels, other.pixels);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(pixels);
    }
  }

  /**
   * The images of the given classes, in their order; labels keep their values (no remapping) and
   * all class names are kept.
   */
  public LabeledImages onlyClasses(Set<Integer> classes) {
    return subset(
        java.util.stream.IntStream.range(0, size())
            .filter(i -> classes.contains(labels[i]))
            .toArray());
  }

  /** A hex SHA-256 over the images' float bits and the labels: equal data, equal fingerprint. */
  public String fingerprint() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    sha.update(ByteBuffer.allocate(8).putInt(size()).putInt(numClasses()).array());
    for (int i = 0; i < images.length; i++) {
      float[] image = images[i];
      ByteBuffer buffer = ByteBuffer.allocate(8 + 4 * image.length);
      buffer.putInt(labels[i]).putInt(image.length);
      for (float v : image) {
        buffer.putInt(Float.floatToIntBits(v));
      }
      sha.update(buffer.array());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Splits off a validation part, stratified per class and shuffled with the seed: each class with
   * at least two images gives {@code round(n * validationFraction)} of them (at least one, at most
   * n - 1) to validation.
   *
   * @param validationFraction the share of each class to hold out, in [0, 1)
   * @param seed the shuffling seed; the same seed gives the same split
   * @return {@code [train, validation]}
   */
  public LabeledImages[] split(double validationFraction, long seed) {
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validation fraction must be in [0, 1), got " + validationFraction);
    }
    Random rnd = new Random(seed);
    List<List<Integer>> byClass = indicesByClass();
    List<Integer> train = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    for (List<Integer> members : byClass) {
      int[] shuffled = members.stream().mapToInt(Integer::intValue).toArray();
      Shuffle.ints(shuffled, rnd);
      int n = shuffled.length;
      int held = (int) Math.round(n * validationFraction);
      if (n >= 2 && validationFraction > 0) {
        held = Math.max(1, Math.min(held, n - 1));
      } else {
        held = 0;
      }
      for (int i = 0; i < n; i++) {
        (i < held ? validation : train).add(shuffled[i]);
      }
    }
    int[] trainIdx = train.stream().mapToInt(Integer::intValue).toArray();
    int[] validationIdx = validation.stream().mapToInt(Integer::intValue).toArray();
    Shuffle.ints(trainIdx, rnd);
    Shuffle.ints(validationIdx, rnd);
    return new LabeledImages[] {subset(trainIdx), subset(validationIdx)};
  }

  /** The indices of each class's images, in order, by label. */
  public List<List<Integer>> indicesByClass() {
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < numClasses(); c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      byClass.get(labels[i]).add(i);
    }
    return byClass;
  }
}
