package io.siameseonnx.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The context an ONNX graph is built in: it owns the graph builder, hands out unique value and node
 * names, stores each initializer once (so a tower emitted twice shares its weights), and checks
 * every node against its {@link OnnxOperator}. Every input and output is float32 with a symbolic
 * batch dimension first.
 */
public final class OnnxGraphBuilder {
  /** The symbolic batch dimension of every input and output. */
  public static final String BATCH_DIM = "N";

  private final GraphProto.Builder graph;
  private final Set<String> names = new HashSet<>();
  private final Map<String, Integer> counters = new HashMap<>();

  /** Starts a graph with the given name. */
  public OnnxGraphBuilder(String name) {
    this.graph = GraphProto.newBuilder().setName(name);
  }

  /** Declares a float32 graph input of shape [N, dims...]. */
  public String input(String name, long... dims) {
    claim(name);
    graph.addInput(valueInfo(name, dims));
    return name;
  }

  /** Declares a float32 graph output of shape [N, dims...]. */
  public void output(String name, long... dims) {
    graph.addOutput(valueInfo(name, dims));
  }

  /**
   * Adds a float32 initializer, or returns the one already stored under this name.
   *
   * @param name the initializer's name, unique in the graph
   * @param values row-major values
   * @param dims the tensor's shape
   */
  public String floatInitializer(String name, float[] values, long... dims) {
    if (names.contains(name)) {
      return name;
    }
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    if (count != values.length) {
      throw new IllegalArgumentException(
          "initializer "
              + name
              + " has "
              + values.length
              + " values, shape "
              + Arrays.toString(dims)
              + " needs "
              + count);
    }
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
    bytes.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    claim(name);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .addAllDims(Arrays.stream(dims).boxed().toList())
            .setRawData(ByteString.copyFrom(bytes.array())));
    return name;
  }

  /** Adds an int64 vector initializer (shape [values.length]), stored once under its name. */
  public String int64Initializer(String name, long... values) {
    if (names.contains(name)) {
      return name;
    }
    claim(name);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addDims(values.length)
            .addAllInt64Data(Arrays.stream(values).boxed().toList()));
    return name;
  }

  /** A float32 scalar constant, stored once under its name. */
  public String scalar(String name, float value) {
    return floatInitializer(name, new float[] {value});
  }

  /**
   * Appends a node with one output.
   *
   * @param op the ONNX operator
   * @param outputHint the output value's name, made unique if taken
   * @param inputs the input value names
   * @param attributes the node's attributes
   * @return the output value's name
   * @throws IllegalArgumentException when the inputs or attributes do not fit the operator
   */
  public String node(
      OnnxOperator op, String outputHint, List<String> inputs, AttributeProto... attributes) {
    op.checkInputs(inputs.size());
    for (AttributeProto attribute : attributes) {
      op.checkAttribute(attribute.getName(), attribute.getType());
    }
    String output = unique(outputHint);
    NodeProto.Builder node =
        NodeProto.newBuilder()
            .setOpType(op.opType())
            .setName(output + "/" + op.opType())
            .addAllInput(inputs)
            .addOutput(output);
    for (AttributeProto attribute : attributes) {
      node.addAttribute(attribute);
    }
    graph.addNode(node);
    return output;
  }

  /** Renames the output of the last node added, which must be {@code current}. */
  public String renameLastOutput(String current, String name) {
    int last = graph.getNodeCount() - 1;
    if (last < 0 || !graph.getNode(last).getOutput(0).equals(current)) {
      return node(OnnxOperator.IDENTITY, name, List.of(current));
    }
    claim(name);
    NodeProto.Builder node = graph.getNodeBuilder(last);
    node.setOutput(0, name).setName(name + "/" + node.getOpType());
    names.remove(current);
    return name;
  }

  /** The finished graph. */
  public GraphProto build() {
    return graph.build();
  }

  public static AttributeProto ints(String name, long... values) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INTS)
        .addAllInts(Arrays.stream(values).boxed().toList())
        .build();
  }

  public static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  public static AttributeProto floatAttr(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  private String unique(String hint) {
    String name = hint;
    while (names.contains(name)) {
      int n = counters.merge(hint, 1, Integer::sum);
      name = hint + "_" + n;
    }
    names.add(name);
    return name;
  }

  private void claim(String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("ONNX value name used twice: " + name);
    }
  }

  private static ValueInfoProto valueInfo(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_DIM));
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }
}
