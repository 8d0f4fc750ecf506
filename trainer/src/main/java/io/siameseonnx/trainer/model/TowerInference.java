package io.siameseonnx.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** Runs a tower in inference mode (batch-norm running statistics, no dropout) on plain arrays. */
public final class TowerInference {
  private TowerInference() {}

  /**
   * Embeds preprocessed images, each a CHW float array of {@code C*H*W} values, in batches.
   *
   * @param tower the initialised tower block
   * @param manager the manager the tower's parameters live on
   * @param inputShape C, H, W
   * @param images the images
   * @param batchSize images per forward pass
   * @return one embedding per image
   */
  public static float[][] embed(
      Block tower, NDManager manager, long[] inputShape, float[][] images, int batchSize) {
    int per = Math.toIntExact(inputShape[0] * inputShape[1] * inputShape[2]);
    float[][] out = new float[images.length][];
    ParameterStore store = new ParameterStore(manager, false);
    for (int start = 0; start < images.length; start += batchSize) {
      int n = Math.min(batchSize, images.length - start);
      float[] flat = new float[n * per];
      for (int i = 0; i < n; i++) {
        float[] img = images[start + i];
        if (img.length != per) {
          throw new IllegalArgumentException(
              "image " + (start + i) + " has " + img.length + " values, expected " + per);
        }
        System.arraycopy(img, 0, flat, i * per, per);
      }
      try (NDManager sub = manager.newSubManager()) {
        NDArray x = sub.create(flat, new Shape(n, inputShape[0], inputShape[1], inputShape[2]));
        NDArray y = tower.forward(store, new NDList(x), false).singletonOrThrow();
        long dim = y.getShape().get(1);
        float[] values = y.toFloatArray();
        for (int i = 0; i < n; i++) {
          float[] e = new float[(int) dim];
          System.arraycopy(values, (int) (i * dim), e, 0, (int) dim);
          out[start + i] = e;
        }
      }
    }
    return out;
  }
}
