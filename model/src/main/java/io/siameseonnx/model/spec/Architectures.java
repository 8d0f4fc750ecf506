package io.siameseonnx.model.spec;

import io.siameseonnx.model.spec.Layer.BatchNorm;
import io.siameseonnx.model.spec.Layer.Conv;
import io.siameseonnx.model.spec.Layer.Dense;
import io.siameseonnx.model.spec.Layer.Flatten;
import io.siameseonnx.model.spec.Layer.MaxPool;
import io.siameseonnx.model.spec.Layer.Relu;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The named embedding towers users choose from with {@code --arch}. */
public final class Architectures {
  /** The article's tower: conv 16@8x8, conv 32@4x4, dense 512, dense 256, ReLU after each. */
  public static final String SEED = "seed";

  /**
   * A compact tower: three 3x3 conv blocks (16, 32, 64 filters) with batch-norm, ReLU and 2x2
   * max-pooling, then a 128-d dense embedding. About 1/40 of the seed's parameters.
   */
  public static final String COMPACT = "compact";

  /**
   * A wider convolutional tower without a dense layer: three 3x3 conv blocks (32, 64, 64 filters)
   * with batch-norm and ReLU, 2x2 max-pooling after the last blocks until the map is 4x4 (three
   * pools at 32x32, one at 8x8); the embedding is the flattened 4x4x64 feature map (1,024 values).
   * Keeping the spatial layout rather than squeezing it into a few dense units is what generalises
   * to classes never seen in training (train it with {@code --projection}).
   */
  public static final String WIDE = "wide";

  private Architectures() {}

  /** The names, for help texts. */
  public static List<String> names() {
    return List.of(SEED, COMPACT, WIDE);
  }

  /** Builds the named tower for inputs of the given channels and size. */
  public static TowerSpec named(String name, int channels, int height, int width) {
    long[] input = {channels, height, width};
    return switch (name.toLowerCase(Locale.ROOT)) {
      case SEED ->
          new TowerSpec(
              SEED,
              input,
              List.of(
                  new Conv(16, 8, 1, 0),
                  new Relu(),
                  new Conv(32, 4, 1, 0),
                  new Relu(),
                  new Flatten(),
                  new Dense(512),
                  new Relu(),
                  new Dense(256),
                  new Relu()));
      case COMPACT ->
          new TowerSpec(
              COMPACT,
              input,
              List.of(
                  new Conv(16, 3, 1, 1),
                  new BatchNorm(BatchNorm.DEFAULT_EPSILON),
                  new Relu(),
                  new MaxPool(2, 2),
                  new Conv(32, 3, 1, 1),
                  new BatchNorm(BatchNorm.DEFAULT_EPSILON),
                  new Relu(),
                  new MaxPool(2, 2),
                  new Conv(64, 3, 1, 1),
                  new BatchNorm(BatchNorm.DEFAULT_EPSILON),
                  new Relu(),
                  new MaxPool(2, 2),
                  new Flatten(),
                  new Dense(128)));
      case WIDE -> wide(input);
      default ->
          throw new IllegalArgumentException(
              "unknown architecture '" + name + "' (choose from " + names() + ")");
    };
  }

  private static TowerSpec wide(long[] input) {
    int side = (int) Math.min(input[1], input[2]);
    int pools = 0;
    while (pools < 3 && side / (1 << pools) > 4) {
      pools++;
    }
    int[] filters = {32, 64, 64};
    List<Layer> layers = new ArrayList<>();
    for (int block = 0; block < filters.length; block++) {
      layers.add(new Conv(filters[block], 3, 1, 1));
      layers.add(new BatchNorm(BatchNorm.DEFAULT_EPSILON));
      layers.add(new Relu());
      if (block >= filters.length - pools) {
        layers.add(new MaxPool(2, 2));
      }
    }
    layers.add(new Flatten());
    return new TowerSpec(WIDE, input, layers);
  }
}
