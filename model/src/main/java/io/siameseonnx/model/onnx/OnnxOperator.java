package io.siameseonnx.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.Map;

/**
 * The ONNX operators the project writes (default domain, opset {@value SiameseGraphs#OPSET}), each
 * with its arity and the attributes it takes, in the spirit of Tribuo's {@code ONNXOperators}: a
 * node built with a wrong number of inputs or an attribute the operator does not have fails when it
 * is built, not when ONNX Runtime loads the file.
 */
public enum OnnxOperator {
  /** 2-D convolution: X, W and an optional bias. */
  CONV(
      "Conv",
      2,
      3,
      Map.of(
          "kernel_shape", AttributeType.INTS,
          "strides", AttributeType.INTS,
          "pads", AttributeType.INTS,
          "dilations", AttributeType.INTS,
          "group", AttributeType.INT)),
  /** Rectified linear unit. */
  RELU("Relu", 1, 1, Map.of()),
  /** Max pooling. */
  MAX_POOL(
      "MaxPool",
      1,
      1,
      Map.of(
          "kernel_shape", AttributeType.INTS,
          "strides", AttributeType.INTS,
          "pads", AttributeType.INTS)),
  /** Mean over each channel's whole map: [N, C, H, W] to [N, C, 1, 1]. */
  GLOBAL_AVERAGE_POOL("GlobalAveragePool", 1, 1, Map.of()),
  /** Batch normalisation in inference form: X, scale, bias, mean, var. */
  BATCH_NORMALIZATION("BatchNormalization", 5, 5, Map.of("epsilon", AttributeType.FLOAT)),
  /** Flattens to 2-D at {@code axis}. */
  FLATTEN("Flatten", 1, 1, Map.of("axis", AttributeType.INT)),
  /** {@code alpha * A' B' + beta * C}. */
  GEMM(
      "Gemm",
      2,
      3,
      Map.of(
          "alpha", AttributeType.FLOAT,
          "beta", AttributeType.FLOAT,
          "transA", AttributeType.INT,
          "transB", AttributeType.INT)),
  /** L2 norm over {@code axes} (an attribute up to opset 17). */
  REDUCE_L2("ReduceL2", 1, 1, Map.of("axes", AttributeType.INTS, "keepdims", AttributeType.INT)),
  /** Sum over the axes given as a second input (opset 13). */
  REDUCE_SUM(
      "ReduceSum",
      1,
      2,
      Map.of("keepdims", AttributeType.INT, "noop_with_empty_axes", AttributeType.INT)),
  /** Sum of squares over {@code axes} (an attribute up to opset 17). */
  REDUCE_SUM_SQUARE(
      "ReduceSumSquare", 1, 1, Map.of("axes", AttributeType.INTS, "keepdims", AttributeType.INT)),
  /** Element-wise maximum of its inputs, broadcasting. */
  MAX("Max", 1, Integer.MAX_VALUE, Map.of()),
  /** Element-wise sum, broadcasting. */
  ADD("Add", 2, 2, Map.of()),
  /** Element-wise difference, broadcasting. */
  SUB("Sub", 2, 2, Map.of()),
  /** Element-wise product, broadcasting. */
  MUL("Mul", 2, 2, Map.of()),
  /** Element-wise quotient, broadcasting. */
  DIV("Div", 2, 2, Map.of()),
  /** Element-wise square root. */
  SQRT("Sqrt", 1, 1, Map.of()),
  /** The input, under another name. */
  IDENTITY("Identity", 1, 1, Map.of()),
  /** Reshapes to the shape given as a second input. */
  RESHAPE("Reshape", 2, 2, Map.of("allowzero", AttributeType.INT));

  private final String opType;
  private final int minInputs;
  private final int maxInputs;
  private final Map<String, AttributeType> attributes;

  OnnxOperator(String opType, int minInputs, int maxInputs, Map<String, AttributeType> attributes) {
    this.opType = opType;
    this.minInputs = minInputs;
    this.maxInputs = maxInputs;
    this.attributes = attributes;
  }

  /** The operator's name in the graph ({@code op_type}). */
  public String opType() {
    return opType;
  }

  /** Checks an input count against the operator's arity. */
  void checkInputs(int count) {
    if (count < minInputs || count > maxInputs) {
      throw new IllegalArgumentException(
          opType
              + " takes "
              + (minInputs == maxInputs
                  ? Integer.toString(minInputs)
                  : minInputs + (maxInputs == Integer.MAX_VALUE ? " or more" : " to " + maxInputs))
              + " inputs, got "
              + count);
    }
  }

  /** Checks that the operator has an attribute of this name and type. */
  void checkAttribute(String name, AttributeType type) {
    AttributeType expected = attributes.get(name);
    if (expected == null) {
      throw new IllegalArgumentException(
          opType + " has no attribute '" + name + "' (it has " + attributes.keySet() + ")");
    }
    if (expected != type) {
      throw new IllegalArgumentException(
          opType + "'s attribute '" + name + "' is " + expected + ", not " + type);
    }
  }
}
