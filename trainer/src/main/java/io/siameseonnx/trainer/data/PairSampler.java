package io.siameseonnx.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Draws labelled pairs from class-labelled images: balanced between similar (same class) and
 * dissimilar (different classes) pairs, deterministic for the {@link Random}'s seed.
 */
public final class PairSampler {
  private final LabeledImages images;
  private final Random rnd;
  private final int[][] byClass;
  private final int[] presentClasses;

  /**
   * Creates a sampler over the images.
   *
   * @throws DataException when fewer than two classes have images
   */
  public PairSampler(LabeledImages images, Random rnd) {
    this.images = images;
    this.rnd = rnd;
    List<List<Integer>> members = images.indicesByClass();
    this.byClass = new int[members.size()][];
    List<Integer> present = new ArrayList<>();
    for (int c = 0; c < members.size(); c++) {
      byClass[c] = members.get(c).stream().mapToInt(Integer::intValue).toArray();
      if (byClass[c].length > 0) {
        present.add(c);
      }
    }
    this.presentClasses = present.stream().mapToInt(Integer::intValue).toArray();
    if (presentClasses.length < 2) {
      throw new DataException(
          images.source()
              + " has images of "
              + presentClasses.length
              + " class(es); pairs need at least 2");
    }
  }

  /**
   * Draws {@code n} pairs in random order: {@code n / 2} similar ones (an image and another image
   * of its class, a different one whenever the class has two or more) and the rest dissimilar (an
   * image and one of another class, the class chosen uniformly).
   */
  public PairSet balanced(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("pair count must not be negative: " + n);
    }
    int similar = n / 2;
    float[][] first = new float[n][];
    float[][] second = new float[n][];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int anchor = rnd.nextInt(images.size());
      int cls = images.labels()[anchor];
      int other;
      if (i < similar) {
        other = otherOfClass(cls, anchor);
        labels[i] = 1;
      } else {
        // a uniform choice among the other present classes: skip over the anchor's own slot
        int own = Arrays.binarySearch(presentClasses, cls);
        int k = rnd.nextInt(presentClasses.length - 1);
        int[] pool = byClass[presentClasses[k >= own ? k + 1 : k]];
        other = pool[rnd.nextInt(pool.length)];
        labels[i] = 0;
      }
      first[i] = images.images()[anchor];
      second[i] = images.images()[other];
    }
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    Shuffle.ints(order, rnd);
    return new PairSet(first, second, labels).subset(order);
  }

  private int otherOfClass(int cls, int anchor) {
    int[] pool = byClass[cls];
    if (pool.length < 2) {
      return anchor;
    }
    int pick = pool[rnd.nextInt(pool.length - 1)];
    // draw from the class without the anchor: the anchor's slot stands for the last member
    return pick == anchor ? pool[pool.length - 1] : pick;
  }

  /**
   * Splits class labels into training classes and held-out classes for class-holdout validation. At
   * least one class is held out when the fraction is positive, and at least two are left to train
   * on.
   *
   * @param numClasses number of classes, labels 0 to numClasses - 1
   * @param holdoutFraction the share of classes to hold out, in [0, 1)
   * @param seed the shuffling seed
   * @return {@code {trainClasses, heldOutClasses}}, each sorted
   */
  public static int[][] splitClasses(int numClasses, double holdoutFraction, long seed) {
    if (!(holdoutFraction >= 0 && holdoutFraction < 1)) {
      throw new IllegalArgumentException(
          "holdout fraction must be in [0, 1), got " + holdoutFraction);
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
    }
    int held = (int) Math.round(numClasses * holdoutFraction);
    if (holdoutFraction > 0) {
      if (numClasses < 3) {
        throw new IllegalArgumentException(
            "cannot hold out classes from " + numClasses + ": at least 2 must stay for training");
      }
      held = Math.max(1, Math.min(held, numClasses - 2));
    }
    int[] order = new int[numClasses];
    Arrays.setAll(order, i -> i);
    Shuffle.ints(order, new Random(seed));
    int[] heldOut = Arrays.copyOfRange(order, 0, held);
    int[] train = Arrays.copyOfRange(order, held, numClasses);
    Arrays.sort(heldOut);
    Arrays.sort(train);
    return new int[][] {train, heldOut};
  }
}
