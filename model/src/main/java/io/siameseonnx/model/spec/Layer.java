package io.siameseonnx.model.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of an embedding tower. The trainer's DJL block and the ONNX graph are both built from a
 * list of these, each through a {@link Visitor}, so what is trained and what is exported cannot
 * drift: a new layer kind is a new record here, and the compiler then asks every visitor (the DJL
 * builder, the ONNX writer) for its form. Its JSON name (the {@code type} field of a checkpoint's
 * tower) comes from its {@link JsonTypeName}, registered from the permitted subclasses by {@link
 * LayerTypes}, so it cannot be forgotten either.
 *
 * <p>Parameters are named as DJL names them ({@code weight}, {@code bias}, {@code gamma}, {@code
 * beta}, {@code runningMean}, {@code runningVar}), which is also how checkpoints store them; {@link
 * #parameters(long[])} gives each one's shape.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "type")
@JsonTypeIdResolver(LayerTypes.class)
public sealed interface Layer
    permits Layer.Conv,
        Layer.Relu,
        Layer.MaxPool,
        Layer.GlobalAvgPool,
        Layer.BatchNorm,
        Layer.Flatten,
        Layer.Dense,
        Layer.Dropout,
        Layer.L2Normalize,
        Layer.Residual {

  /** Output shape (without the batch axis) for an input shape (without the batch axis). */
  long[] outputShape(long[] input);

  /** Calls the visitor's method for this layer kind. */
  <R> R accept(Visitor<R> visitor);

  /**
   * This layer's own trainable and running parameters (not those of layers nested in it), with
   * their shapes for the given input shape, in a fixed order.
   */
  default Map<String, long[]> parameters(long[] input) {
    return Map.of();
  }

  /**
   * One method per layer kind. Implemented by everything that turns a spec into something else, so
   * that adding a kind is a compile error until each of them handles it.
   *
   * @param <R> what each layer becomes
   */
  interface Visitor<R> {
    /** A convolution. */
    R conv(Conv layer);

    /** A ReLU. */
    R relu(Relu layer);

    /** Max pooling. */
    R maxPool(MaxPool layer);

    /** Global average pooling. */
    R globalAvgPool(GlobalAvgPool layer);

    /** Batch normalisation. */
    R batchNorm(BatchNorm layer);

    /** Flattening. */
    R flatten(Flatten layer);

    /** A fully connected layer. */
    R dense(Dense layer);

    /** Dropout (the identity at inference). */
    R dropout(Dropout layer);

    /** L2 normalisation. */
    R l2Normalize(L2Normalize layer);

    /** A residual block: its body's output added to its input (or its shortcut's output). */
    R residual(Residual layer);
  }

  /** Weight parameter of {@link Conv} and {@link Dense}. */
  String WEIGHT = "weight";

  /** Bias parameter of {@link Conv} and {@link Dense}. */
  String BIAS = "bias";

  /** 2-D convolution with square kernel, stride and zero padding; weight layout OIHW. */
  @JsonTypeName("conv")
  record Conv(int filters, int kernel, int stride, int padding) implements Layer {
    /** Checks the arguments. */
    public Conv {
      if (filters <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
        throw new IllegalArgumentException("invalid conv layer: " + filters + "@" + kernel);
      }
    }

    @Override
    public long[] outputShape(long[] in) {
      requireRank(in, 3, this);
      long h = (in[1] + 2L * padding - kernel) / stride + 1;
      long w = (in[2] + 2L * padding - kernel) / stride + 1;
      if (h <= 0 || w <= 0) {
        throw new IllegalArgumentException(
            "conv " + kernel + "x" + kernel + " is larger than its input");
      }
      return new long[] {filters, h, w};
    }

    @Override
    public Map<String, long[]> parameters(long[] in) {
      requireRank(in, 3, this);
      return ordered(
          WEIGHT, new long[] {filters, in[0], kernel, kernel}, BIAS, new long[] {filters});
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.conv(this);
    }
  }

  /** Rectified linear unit. */
  @JsonTypeName("relu")
  record Relu() implements Layer {
    @Override
    public long[] outputShape(long[] in) {
      return in.clone();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.relu(this);
    }
  }

  /** Max pooling with a square window, no padding. */
  @JsonTypeName("max_pool")
  record MaxPool(int kernel, int stride) implements Layer {
    /** Checks the arguments. */
    public MaxPool {
      if (kernel <= 0 || stride <= 0) {
        throw new IllegalArgumentException("invalid max pool: " + kernel + "/" + stride);
      }
    }

    @Override
    public long[] outputShape(long[] in) {
      requireRank(in, 3, this);
      long h = (in[1] - kernel) / stride + 1;
      long w = (in[2] - kernel) / stride + 1;
      if (h <= 0 || w <= 0) {
        throw new IllegalArgumentException(
            "max pool " + kernel + "x" + kernel + " is larger than its input");
      }
      return new long[] {in[0], h, w};
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.maxPool(this);
    }
  }

  /**
   * Global average pooling: each channel's mean over its whole map, (C, H, W) to (C), whatever H
   * and W are. It is what lets a tower give an embedding of one size for inputs of any size.
   */
  @JsonTypeName("global_avg_pool")
  record GlobalAvgPool() implements Layer {
    @Override
    public long[] outputShape(long[] in) {
      requireRank(in, 3, this);
      return new long[] {in[0]};
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.globalAvgPool(this);
    }
  }

  /** Batch normalisation over channels (NCHW) or features (NC); inference uses running stats. */
  @JsonTypeName("batch_norm")
  record BatchNorm(float epsilon) implements Layer {
    /** DJL's and PyTorch's default epsilon. */
    public static final float DEFAULT_EPSILON = 1e-5f;

    /** Scale. */
    public static final String GAMMA = "gamma";

    /** Shift. */
    public static final String BETA = "beta";

    /** Running mean, used at inference. */
    public static final String RUNNING_MEAN = "runningMean";

    /** Running variance, used at inference. */
    public static final String RUNNING_VAR = "runningVar";

    @Override
    public long[] outputShape(long[] in) {
      return in.clone();
    }

    @Override
    public Map<String, long[]> parameters(long[] in) {
      long[] c = {in[0]};
      return ordered(GAMMA, c, BETA, c, RUNNING_MEAN, c, RUNNING_VAR, c);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.batchNorm(this);
    }
  }

  /** Flattens everything but the batch axis. */
  @JsonTypeName("flatten")
  record Flatten() implements Layer {
    @Override
    public long[] outputShape(long[] in) {
      long n = 1;
      for (long d : in) {
        n *= d;
      }
      return new long[] {n};
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.flatten(this);
    }
  }

  /** Fully connected layer {@code y = x W^T + b}, W of shape [units, in]. */
  @JsonTypeName("dense")
  record Dense(int units) implements Layer {
    /** Checks the argument. */
    public Dense {
      if (units <= 0) {
        throw new IllegalArgumentException("a dense layer needs at least one unit: " + units);
      }
    }

    @Override
    public long[] outputShape(long[] in) {
      requireRank(in, 1, this);
      return new long[] {units};
    }

    @Override
    public Map<String, long[]> parameters(long[] in) {
      requireRank(in, 1, this);
      return ordered(WEIGHT, new long[] {units, in[0]}, BIAS, new long[] {units});
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.dense(this);
    }
  }

  /** Dropout during training; the identity at inference (and so absent from the ONNX graph). */
  @JsonTypeName("dropout")
  record Dropout(float rate) implements Layer {
    @Override
    public long[] outputShape(long[] in) {
      return in.clone();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.dropout(this);
    }
  }

  /** Scales each vector to unit Euclidean length: {@code x / max(||x||, 1e-12)}. */
  @JsonTypeName("l2_normalize")
  record L2Normalize() implements Layer {
    /** Guards against division by zero. */
    public static final float EPSILON = 1e-12f;

    @Override
    public long[] outputShape(long[] in) {
      requireRank(in, 1, this);
      return in.clone();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.l2Normalize(this);
    }
  }

  /**
   * A residual block (He et al., 2016): {@code y = shortcut(x) + body(x)}, the body's and the
   * shortcut's layers each applied in order to the block's input. With no shortcut layers (the
   * usual case) the shortcut is the identity and the body must keep the shape of its input; a block
   * that changes the shape (a strided convolution, more channels) takes a projection shortcut, e.g.
   * a strided 1x1 convolution and a batch norm, that gives the body's output shape. Put a {@link
   * Relu} after the block for the usual post-activation form.
   *
   * @param body the layers on the residual branch, first to last
   * @param shortcut the layers on the shortcut branch, first to last; empty for the identity (and
   *     then left out of the JSON, so towers written before shortcuts existed read the same)
   */
  @JsonTypeName("residual")
  record Residual(
      List<Layer> body, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Layer> shortcut)
      implements Layer {
    /** Copies the layers (a missing shortcut is the identity) and checks the body is not empty. */
    public Residual {
      body = List.copyOf(body);
      shortcut = shortcut == null ? List.of() : List.copyOf(shortcut);
      if (body.isEmpty()) {
        throw new IllegalArgumentException("a residual block needs at least one layer");
      }
    }

    /** A block with the identity shortcut. */
    public Residual(List<Layer> body) {
      this(body, List.of());
    }

    @Override
    public long[] outputShape(long[] in) {
      long[] shape = chain(body, in);
      if (shortcut.isEmpty()) {
        if (!Arrays.equals(shape, in)) {
          throw new IllegalArgumentException(
              "a residual block's body must keep its input shape "
                  + Arrays.toString(in)
                  + ", it gives "
                  + Arrays.toString(shape)
                  + " (or give the block a projection shortcut)");
        }
        return in.clone();
      }
      long[] across = chain(shortcut, in);
      if (!Arrays.equals(shape, across)) {
        throw new IllegalArgumentException(
            "a residual block's body gives "
                + Arrays.toString(shape)
                + " but its shortcut gives "
                + Arrays.toString(across)
                + " for the input "
                + Arrays.toString(in));
      }
      return shape;
    }

    private static long[] chain(List<Layer> layers, long[] in) {
      long[] shape = in;
      for (Layer layer : layers) {
        shape = layer.outputShape(shape);
      }
      return shape;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.residual(this);
    }
  }

  private static Map<String, long[]> ordered(Object... namesAndShapes) {
    Map<String, long[]> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndShapes.length; i += 2) {
      map.put((String) namesAndShapes[i], (long[]) namesAndShapes[i + 1]);
    }
    return map;
  }

  private static void requireRank(long[] in, int rank, Layer layer) {
    if (in.length != rank) {
      throw new IllegalArgumentException(
          layer + " needs an input of rank " + rank + ", got " + Arrays.toString(in));
    }
  }
}
