package io.siameseonnx.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

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
        other = otherClass(anchor);
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

  /**
   * Draws up to {@code n} distinct pairs in random order, for figures that must not count a pair
   * twice: {@code n / 2} similar and the rest dissimilar, each an unordered pair of two different
   * images that no other drawn pair repeats. Fewer come back when the images do not hold that many
   * distinct pairs of a kind (tiny data); {@link PairSet#similarCount()} tells how many similar
   * ones. With plenty of images this draws the pairs {@link #balanced} would, less the repeats.
   */
  public PairSet distinct(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("pair count must not be negative: " + n);
    }
    long total = (long) images.size() * (images.size() - 1) / 2;
    long similarAvailable = 0;
    for (int[] members : byClass) {
      similarAvailable += (long) members.length * (members.length - 1) / 2;
    }
    int similar = (int) Math.min(n / 2, similarAvailable);
    int dissimilar = (int) Math.min(n - n / 2, total - similarAvailable);
    Set<Long> seen = new HashSet<>();
    List<int[]> drawn = new ArrayList<>();
    draw(similar, true, similarAvailable, seen, drawn);
    draw(dissimilar, false, total - similarAvailable, seen, drawn);
    int size = drawn.size();
    float[][] first = new float[size][];
    float[][] second = new float[size][];
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      int[] pair = drawn.get(i);
      first[i] = images.images()[pair[0]];
      second[i] = images.images()[pair[1]];
      labels[i] = pair[2];
    }
    int[] order = new int[size];
    Arrays.setAll(order, i -> i);
    Shuffle.ints(order, rnd);
    return new PairSet(first, second, labels).subset(order);
  }

  /**
   * Adds {@code count} new pairs of a kind to {@code drawn}: by rejection while they are plentiful,
   * else by a shuffled list of every pair of that kind not yet drawn.
   */
  private void draw(int count, boolean similar, long available, Set<Long> seen, List<int[]> drawn) {
    if (count == 0) {
      return;
    }
    if (available >= 2L * count) {
      int added = 0;
      while (added < count) {
        int anchor = rnd.nextInt(images.size());
        int other = similar ? otherOfClass(images.labels()[anchor], anchor) : otherClass(anchor);
        if (other != anchor && seen.add(key(anchor, other))) {
          drawn.add(new int[] {anchor, other, similar ? 1 : 0});
          added++;
        }
      }
      return;
    }
    List<int[]> all = new ArrayList<>();
    int[] labels = images.labels();
    for (int a = 0; a < images.size(); a++) {
      for (int b = a + 1; b < images.size(); b++) {
        if ((labels[a] == labels[b]) == similar && !seen.contains(key(a, b))) {
          all.add(new int[] {a, b, similar ? 1 : 0});
        }
      }
    }
    java.util.Collections.shuffle(all, rnd);
    for (int[] pair : all.subList(0, Math.min(count, all.size()))) {
      seen.add(key(pair[0], pair[1]));
      drawn.add(pair);
    }
  }

  private long key(int a, int b) {
    return (long) Math.min(a, b) * images.size() + Math.max(a, b);
  }

  /** An image of another class than the anchor's, the class chosen uniformly. */
  private int otherClass(int anchor) {
    // a uniform choice among the other present classes: skip over the anchor's own slot
    int own = Arrays.binarySearch(presentClasses, images.labels()[anchor]);
    int k = rnd.nextInt(presentClasses.length - 1);
    int[] pool = byClass[presentClasses[k >= own ? k + 1 : k]];
    return pool[rnd.nextInt(pool.length)];
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
