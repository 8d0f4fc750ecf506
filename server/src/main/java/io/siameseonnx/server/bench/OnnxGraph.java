package io.siameseonnx.server.bench;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * A small builder over the ONNX protobuf classes for float32 graphs: inputs and outputs with a
 * dynamic batch dimension, float initializers and nodes with int attributes.
 */
public final class OnnxGraph {
  /** The IR version written (ONNX 1.10+, read by every ONNX Runtime 1.10+). */
  public static final long IR_VERSION = 8;

  /** The default-domain opset the graphs are written for. */
  public static final long OPSET = 13;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private int counter;

  /** Starts a graph with the given name. */
  public OnnxGraph(String name) {
    graph.setName(name);
  }

  /**
   * Declares a float32 graph input; a dimension of -1 is dynamic, named {@code N} in first place
   * and {@code d<i>} elsewhere.
   */
  public String input(String name, long... shape) {
    graph.addInput(valueInfo(name, shape));
    return name;
  }

  /** Declares a float32 graph output; dynamic dimensions are named as for {@link #input}. */
  public void output(String name, long... shape) {
    graph.addOutput(valueInfo(name, shape));
  }

  /** Adds a float32 initializer, written little-endian as raw data. */
  public String initializer(String name, float[] values, long... shape) {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    TensorProto.Builder tensor =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .setRawData(ByteString.copyFrom(bytes.array()));
    for (long d : shape) {
      tensor.addDims(d);
    }
    graph.addInitializer(tensor);
    return name;
  }

  /** Adds an int64 initializer (shapes, axes). */
  public String longInitializer(String name, long[] values, long... shape) {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    TensorProto.Builder tensor =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .setRawData(ByteString.copyFrom(bytes.array()));
    for (long d : shape) {
      tensor.addDims(d);
    }
    graph.addInitializer(tensor);
    return name;
  }

  /** Adds a node with one output, named uniquely unless {@code output} is given. */
  public String node(
      String opType, String[] inputs, String output, Map<String, Object> attributes) {
    String out =
        output != null ? output : opType.toLowerCase(java.util.Locale.ROOT) + "_" + counter;
    NodeProto.Builder node =
        NodeProto.newBuilder().setOpType(opType).setName(opType + "_" + counter++).addOutput(out);
    for (String in : inputs) {
      node.addInput(in);
    }
    attributes.forEach((key, value) -> node.addAttribute(attribute(key, value)));
    graph.addNode(node);
    return out;
  }

  /** A node without attributes. */
  public String node(String opType, String output, String... inputs) {
    return node(opType, inputs, output, Map.of());
  }

  /** The finished model with the given metadata properties. */
  public ModelProto build(String producer, Map<String, String> metadata) {
    ModelProto.Builder model =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName(producer)
            .setProducerVersion("1")
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(graph);
    metadata.forEach(
        (key, value) ->
            model.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return model.build();
  }

  private static ValueInfoProto valueInfo(String name, long... shape) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
    for (int i = 0; i < shape.length; i++) {
      long d = shape[i];
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d < 0) {
        dim.setDimParam(i == 0 ? "N" : "d" + i);
      } else {
        dim.setDimValue(d);
      }
      dims.addDim(dim);
    }
    TypeProto type =
        TypeProto.newBuilder()
            .setTensorType(
                TypeProto.Tensor.newBuilder()
                    .setElemType(TensorProto.DataType.FLOAT.getNumber())
                    .setShape(dims))
            .build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  private static AttributeProto attribute(String name, Object value) {
    AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name);
    if (value instanceof Integer || value instanceof Long) {
      attribute.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
    } else if (value instanceof Float || value instanceof Double) {
      attribute.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
    } else if (value instanceof long[] ints) {
      attribute.setType(AttributeProto.AttributeType.INTS);
      for (long i : ints) {
        attribute.addInts(i);
      }
    } else {
      throw new IllegalArgumentException("unsupported attribute type for " + name + ": " + value);
    }
    return attribute.build();
  }
}
