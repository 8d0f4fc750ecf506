package io.siameseonnx.model.spec;

import io.siameseonnx.model.spec.Layer.BatchNorm;
import io.siameseonnx.model.spec.Layer.Conv;
import io.siameseonnx.model.spec.Layer.Dense;
import io.siameseonnx.model.spec.Layer.Flatten;
import io.siameseonnx.model.spec.Layer.GlobalAvgPool;
import io.siameseonnx.model.spec.Layer.MaxPool;
import io.siameseonnx.model.spec.Layer.Relu;
import io.siameseonnx.model.spec.Layer.Residual;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The named embedding towers users choose from with {@code --arch}. Each is built for inputs of 1
 * or 3 channels and any side from {@value #MIN_SIDE} to {@value #MAX_SIDE} pixels (square inputs;
 * the rules below read the shorter side). At 32x32, the default size, seed, compact and wide are
 * exactly the towers they have always been; other sizes adapt them so that every one fits its input
 * and none grows with it: where a map before the flatten would be larger than at 32x32, a max pool
 * brings it back to its 32x32 size (window {@code m - (t - 1) * s}, stride {@code s = m / t} for a
 * map of side {@code m} and a target side {@code t}).
 */
public final class Architectures {
  /** The smallest input side every tower is built for. */
  public static final int MIN_SIDE = 8;

  /** The largest input side every tower is built for. */
  public static final int MAX_SIDE = 128;

  /**
   * The article's tower: conv 16@8x8, conv 32@4x4, dense 512, dense 256, ReLU after each; a 256-d
   * embedding. Below 11 px, where those kernels do not fit, they are 4x4 and 2x2; above 32 px a max
   * pool before the flatten keeps the map at 22x22 (as at 32 px), so the dense layer keeps its 7.9M
   * weights instead of growing with the image (it would have 228M at 128 px).
   */
  public static final String SEED = "seed";

  /**
   * A compact tower: three 3x3 conv blocks (16, 32, 64 filters) with batch-norm, ReLU and 2x2
   * max-pooling, then a 128-d dense embedding. About 1/40 of the seed's parameters. From 40 px up,
   * one more max pool brings the map to 4x4 (as at 32 px), so the dense layer stays at 1,024
   * inputs.
   */
  public static final String COMPACT = "compact";

  /**
   * A wider convolutional tower without a dense layer: three 3x3 conv blocks (32, 64, 64 filters)
   * with batch-norm and ReLU, 2x2 max-pooling after the last blocks until the map is 4x4 (three
   * pools at 32x32, one at 8x8); the embedding is the flattened feature map (1,024 values at 4x4,
   * fewer where three pools leave a smaller map). From 40 px up, where three pools leave more than
   * 4x4, one more max pool brings it to 4x4, so the embedding stays at 1,024 values. Keeping the
   * spatial layout rather than squeezing it into a few dense units is what generalises to classes
   * never seen in training (train it with {@code --projection}).
   */
  public static final String WIDE = "wide";

  /**
   * A small residual network (He et al., 2016) for larger colour images: a stem (conv 32@3x3,
   * batch-norm, ReLU), three stages of one basic residual block each (conv 3x3, batch-norm, ReLU,
   * conv 3x3, batch-norm, added to the block's input, then ReLU) at 32, 64 and 128 filters, the
   * last two halving the map with a stride-2 convolution and a 1x1 stride-2 projection shortcut,
   * then global average pooling and a 128-d dense embedding. The embedding does not depend on the
   * input size; to keep the cost bounded the stem convolution has stride 2 from 48 px up, and a 2x2
   * max pool follows it from 96 px up, so the first stage sees at most 48x48. About 330k
   * parameters.
   */
  public static final String RESNET = "resnet";

  /** The side at which seed, compact and wide are the towers they were designed as. */
  private static final int DESIGN_SIDE = 32;

  /** The seed's map after its two convolutions at 32x32. */
  private static final int SEED_MAP = 22;

  /** The map compact's and wide's feature maps are kept to. */
  private static final int SMALL_MAP = 4;

  private Architectures() {}

  /** The names, for help texts. */
  public static List<String> names() {
    return List.of(SEED, COMPACT, WIDE, RESNET);
  }

  /**
   * Builds the named tower for inputs of the given channels and size.
   *
   * @throws IllegalArgumentException for an unknown name, or a side outside {@value #MIN_SIDE} to
   *     {@value #MAX_SIDE}
   */
  public static TowerSpec named(String name, int channels, int height, int width) {
    int side = Math.min(height, width);
    if (side < MIN_SIDE || Math.max(height, width) > MAX_SIDE) {
      throw new IllegalArgumentException(
          "the towers take inputs of "
              + MIN_SIDE
              + " to "
              + MAX_SIDE
              + " pixels a side, not "
              + height
              + "x"
              + width);
    }
    long[] input = {channels, height, width};
    return switch (name.toLowerCase(Locale.ROOT)) {
      case SEED -> new TowerSpec(SEED, input, seed(side));
      case COMPACT -> new TowerSpec(COMPACT, input, compact(side));
      case WIDE -> new TowerSpec(WIDE, input, wide(side));
      case RESNET -> new TowerSpec(RESNET, input, resnet(side));
      default ->
          throw new IllegalArgumentException(
              "unknown architecture '" + name + "' (choose from " + names() + ")");
    };
  }

  private static List<Layer> seed(int side) {
    boolean small = side < 11;
    int first = small ? 4 : 8;
    int second = small ? 2 : 4;
    List<Layer> layers = new ArrayList<>();
    layers.add(new Conv(16, first, 1, 0));
    layers.add(new Relu());
    layers.add(new Conv(32, second, 1, 0));
    layers.add(new Relu());
    poolTo(side - first - second + 2, side > DESIGN_SIDE ? SEED_MAP : Integer.MAX_VALUE, layers);
    layers.add(new Flatten());
    layers.add(new Dense(512));
    layers.add(new Relu());
    layers.add(new Dense(256));
    layers.add(new Relu());
    return layers;
  }

  private static List<Layer> compact(int side) {
    List<Layer> layers = new ArrayList<>();
    int map = side;
    for (int filters : new int[] {16, 32, 64}) {
      layers.add(new Conv(filters, 3, 1, 1));
      layers.add(new BatchNorm(BatchNorm.DEFAULT_EPSILON));
      layers.add(new Relu());
      layers.add(new MaxPool(2, 2));
      map /= 2;
    }
    poolTo(map, SMALL_MAP, layers);
    layers.add(new Flatten());
    layers.add(new Dense(128));
    return layers;
  }

  private static List<Layer> wide(int side) {
    int pools = 0;
    while (pools < 3 && side / (1 << pools) > SMALL_MAP) {
      pools++;
    }
    int[] filters = {32, 64, 64};
    List<Layer> layers = new ArrayList<>();
    int map = side;
    for (int block = 0; block < filters.length; block++) {
      layers.add(new Conv(filters[block], 3, 1, 1));
      layers.add(new BatchNorm(BatchNorm.DEFAULT_EPSILON));
      layers.add(new Relu());
      if (block >= filters.length - pools) {
        layers.add(new MaxPool(2, 2));
        map /= 2;
      }
    }
    poolTo(map, SMALL_MAP, layers);
    layers.add(new Flatten());
    return layers;
  }

  private static List<Layer> resnet(int side) {
    List<Layer> layers = new ArrayList<>();
    layers.add(new Conv(32, 3, side >= 48 ? 2 : 1, 1));
    layers.add(new BatchNorm(BatchNorm.DEFAULT_EPSILON));
    layers.add(new Relu());
    if (side >= 96) {
      layers.add(new MaxPool(2, 2));
    }
    layers.add(basicBlock(32, 1));
    layers.add(new Relu());
    layers.add(basicBlock(64, 2));
    layers.add(new Relu());
    layers.add(basicBlock(128, 2));
    layers.add(new Relu());
    layers.add(new GlobalAvgPool());
    layers.add(new Dense(128));
    return layers;
  }

  /**
   * A basic residual block; with stride 2 it halves the map and takes a 1x1 projection shortcut
   * (which a change of channels also needs: the tower only changes them where it strides).
   */
  private static Residual basicBlock(int filters, int stride) {
    List<Layer> body =
        List.of(
            new Conv(filters, 3, stride, 1),
            new BatchNorm(BatchNorm.DEFAULT_EPSILON),
            new Relu(),
            new Conv(filters, 3, 1, 1),
            new BatchNorm(BatchNorm.DEFAULT_EPSILON));
    if (stride == 1) {
      return new Residual(body);
    }
    return new Residual(
        body, List.of(new Conv(filters, 1, stride, 0), new BatchNorm(BatchNorm.DEFAULT_EPSILON)));
  }

  /** Adds a max pool that brings a map of side {@code map} to {@code target} if it is larger. */
  private static void poolTo(int map, int target, List<Layer> layers) {
    if (map > target) {
      int stride = map / target;
      layers.add(new MaxPool(map - (target - 1) * stride, stride));
    }
  }
}
