package io.siameseonnx.trainer.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One layer of an embedding tower. The DJL block and the ONNX graph are both built from a list of
 * these, so what is trained and what is exported cannot drift.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Layer.Conv.class, name = "conv"),
  @JsonSubTypes.Type(value = Layer.Relu.class, name = "relu"),
  @JsonSubTypes.Type(value = Layer.MaxPool.class, name = "max_pool"),
  @JsonSubTypes.Type(value = Layer.BatchNorm.class, name = "batch_norm"),
  @JsonSubTypes.Type(value = Layer.Flatten.class, name = "flatten"),
  @JsonSubTypes.Type(value = Layer.Dense.class, name = "dense"),
  @JsonSubTypes.Type(value = Layer.Dropout.class, name = "dropout"),
  @JsonSubTypes.Type(value = Layer.L2Normalize.class, name = "l2_normalize")
})
public sealed interface Layer {

  /** Output shape (without the batch axis) for an input shape (without the batch axis). */
  long[] outputShape(long[] input);

  /** 2-D convolution with square kernel, stride and zero padding; weight layout OIHW. */
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
  }

  /** Rectified linear unit. */
  record Relu() implements Layer {
    @Override
    public long[] outputShape(long[] in) {
      return in.clone();
    }
  }

  /** Max pooling with a square window, no padding. */
  record MaxPool(int kernel, int stride) implements Layer {
    @Override
    public long[] outputShape(long[] in) {
      requireRank(in, 3, this);
      return new long[] {in[0], (in[1] - kernel) / stride + 1, (in[2] - kernel) / stride + 1};
    }
  }

  /** Batch normalisation over channels (NCHW) or features (NC); inference uses running stats. */
  record BatchNorm(float epsilon) implements Layer {
    /** DJL's and PyTorch's default epsilon. */
    public static final float DEFAULT_EPSILON = 1e-5f;

    @Override
    public long[] outputShape(long[] in) {
      return in.clone();
    }
  }

  /** Flattens everything but the batch axis. */
  record Flatten() implements Layer {
    @Override
    public long[] outputShape(long[] in) {
      long n = 1;
      for (long d : in) {
        n *= d;
      }
      return new long[] {n};
    }
  }

  /** Fully connected layer {@code y = x W^T + b}, W of shape [units, in]. */
  record Dense(int units) implements Layer {
    @Override
    public long[] outputShape(long[] in) {
      requireRank(in, 1, this);
      return new long[] {units};
    }
  }

  /** Dropout during training; the identity at inference (and so absent from the ONNX graph). */
  record Dropout(float rate) implements Layer {
    @Override
    public long[] outputShape(long[] in) {
      return in.clone();
    }
  }

  /** Scales each vector to unit Euclidean length: {@code x / max(||x||, 1e-12)}. */
  record L2Normalize() implements Layer {
    /** Guards against division by zero. */
    public static final float EPSILON = 1e-12f;

    @Override
    public long[] outputShape(long[] in) {
      requireRank(in, 1, this);
      return in.clone();
    }
  }

  private static void requireRank(long[] in, int rank, Layer layer) {
    if (in.length != rank) {
      throw new IllegalArgumentException(
          layer + " needs an input of rank " + rank + ", got " + java.util.Arrays.toString(in));
    }
  }
}
