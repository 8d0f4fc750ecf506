package io.siameseonnx.trainer.pairs;

import io.siameseonnx.trainer.data.DataException;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.data.Shuffle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Class-balanced batches for online mining: each batch holds {@code classesPerBatch} classes with
 * {@code imagesPerClass} images each (drawn without replacement where a class has enough images).
 */
public final class BalancedBatches {
  private final LabeledImages images;
  private final List<int[]> byClass = new ArrayList<>();
  private final int classesPerBatch;
  private final int imagesPerClass;

  /** Groups the images by class; classes with fewer than 2 images are left out. */
  public BalancedBatches(LabeledImages images, int classesPerBatch, int imagesPerClass) {
    this.images = images;
    for (List<Integer> g : images.indicesByClass()) {
      if (g.size() >= 2) {
        byClass.add(g.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    if (byClass.size() < 2) {
      throw new DataException(
          images.source() + " needs at least 2 classes with 2 or more images for mining");
    }
    if (imagesPerClass < 2) {
      throw new IllegalArgumentException("a balanced batch needs at least 2 images per class");
    }
    this.classesPerBatch = Math.min(Math.max(2, classesPerBatch), byClass.size());
    this.imagesPerClass = imagesPerClass;
  }

  /** Images in one batch. */
  public int batchSize() {
    return classesPerBatch * imagesPerClass;
  }

  /** The images behind the indices. */
  public LabeledImages images() {
    return images;
  }

  /** Indices of one batch, class by class. */
  public int[] next(Random rnd) {
    int[] classes = Shuffle.sample(byClass.size(), classesPerBatch, rnd);
    int[] batch = new int[batchSize()];
    int k = 0;
    for (int c : classes) {
      int[] members = byClass.get(c);
      if (members.length >= imagesPerClass) {
        for (int i : Shuffle.sample(members.length, imagesPerClass, rnd)) {
          batch[k++] = members[i];
        }
      } else {
        for (int i = 0; i < imagesPerClass; i++) {
          batch[k++] = members[rnd.nextInt(members.length)];
        }
      }
    }
    return batch;
  }
}
