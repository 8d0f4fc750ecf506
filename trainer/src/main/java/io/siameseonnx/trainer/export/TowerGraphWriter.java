package io.siameseonnx.trainer.export;

import static io.siameseonnx.trainer.export.OnnxGraph.floatAttr;
import static io.siameseonnx.trainer.export.OnnxGraph.intAttr;
import static io.siameseonnx.trainer.export.OnnxGraph.ints;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.siameseonnx.trainer.model.Layer;
import io.siameseonnx.trainer.model.TowerSpec;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an embedding tower into an {@link OnnxGraph} by walking its {@link TowerSpec} together
 * with the DJL block built from it (child i is layer i), so the exported graph is the trained one.
 *
 * <p>Weights become initializers named {@code layer<i>.<param>}; emitting the tower twice in one
 * graph therefore stores them once.
 */
final class TowerGraphWriter {
  private final TowerSpec spec;
  private final SequentialBlock tower;

  TowerGraphWriter(TowerSpec spec, SequentialBlock tower) {
    if (tower.getChildren().size() != spec.layers().size()) {
      throw new IllegalArgumentException(
          "tower has "
              + tower.getChildren().size()
              + " blocks but its spec "
              + spec.name()
              + " has "
              + spec.layers().size()
              + " layers");
    }
    this.spec = spec;
    this.tower = tower;
  }

  /**
   * Emits the tower's nodes.
   *
   * @param graph the graph to add to
   * @param input the name of the [N, C, H, W] input value
   * @param prefix prefix of the value names, to keep two copies of the tower apart
   * @return the name of the [N, D] embedding value
   */
  String write(OnnxGraph graph, String input, String prefix) {
    String x = input;
    long[] shape = spec.inputShape();
    List<Layer> layers = spec.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      Block block = tower.getChildren().get(i).getValue();
      String out = prefix + "layer" + i;
      x = writeLayer(graph, i, layer, block, x, out, shape);
      shape = layer.outputShape(shape);
    }
    return x;
  }

  private String writeLayer(
      OnnxGraph graph, int i, Layer layer, Block block, String x, String out, long[] inShape) {
    if (layer instanceof Layer.Conv c) {
      expect(block, Conv2d.class, i, layer);
      String w =
          weights(graph, i, block, "weight", c.filters(), inShape[0], c.kernel(), c.kernel());
      String b = weights(graph, i, block, "bias", c.filters());
      long p = c.padding();
      return graph.node(
          "Conv",
          out + ".conv",
          List.of(x, w, b),
          ints("kernel_shape", c.kernel(), c.kernel()),
          ints("strides", c.stride(), c.stride()),
          ints("pads", p, p, p, p),
          ints("dilations", 1, 1),
          intAttr("group", 1));
    } else if (layer instanceof Layer.Relu) {
      return graph.node("Relu", out + ".relu", List.of(x));
    } else if (layer instanceof Layer.MaxPool m) {
      return graph.node(
          "MaxPool",
          out + ".max_pool",
          List.of(x),
          ints("kernel_shape", m.kernel(), m.kernel()),
          ints("strides", m.stride(), m.stride()),
          ints("pads", 0, 0, 0, 0));
    } else if (layer instanceof Layer.BatchNorm bn) {
      expect(block, BatchNorm.class, i, layer);
      long c = inShape[0];
      // DJL on PyTorch normalises with the running statistics in inference mode:
      // y = (x - runningMean) / sqrt(runningVar + eps) * gamma + beta, ONNX's inference form.
      String gamma = weights(graph, i, block, "gamma", c);
      String beta = weights(graph, i, block, "beta", c);
      String mean = weights(graph, i, block, "runningMean", c);
      String var = weights(graph, i, block, "runningVar", c);
      return graph.node(
          "BatchNormalization",
          out + ".batch_norm",
          List.of(x, gamma, beta, mean, var),
          floatAttr("epsilon", bn.epsilon()));
    } else if (layer instanceof Layer.Flatten) {
      return graph.node("Flatten", out + ".flatten", List.of(x), intAttr("axis", 1));
    } else if (layer instanceof Layer.Dense d) {
      expect(block, Linear.class, i, layer);
      String w = weights(graph, i, block, "weight", d.units(), inShape[0]);
      String b = weights(graph, i, block, "bias", d.units());
      return graph.node(
          "Gemm", out + ".dense", List.of(x, w, b), intAttr("transB", 1), intAttr("transA", 0));
    } else if (layer instanceof Layer.Dropout) {
      // The identity at inference.
      return x;
    } else if (layer instanceof Layer.L2Normalize) {
      String norm =
          graph.node(
              "ReduceL2", out + ".l2_norm", List.of(x), ints("axes", 1), intAttr("keepdims", 1));
      String eps = graph.scalar("l2_normalize.epsilon", Layer.L2Normalize.EPSILON);
      String clamped = graph.node("Max", out + ".l2_norm_clamped", List.of(norm, eps));
      return graph.node("Div", out + ".l2_normalize", List.of(x, clamped));
    }
    throw new IllegalArgumentException("no ONNX form for layer " + i + ": " + layer);
  }

  private static String weights(OnnxGraph graph, int i, Block block, String name, long... dims) {
    Parameter parameter = block.getParameters().get(name);
    if (parameter == null || !parameter.isInitialized()) {
      throw new IllegalArgumentException(
          "layer " + i + " (" + block.getClass().getSimpleName() + ") has no " + name);
    }
    NDArray array = parameter.getArray();
    long[] actual = array.getShape().getShape();
    if (!Arrays.equals(actual, dims)) {
      throw new IllegalArgumentException(
          "layer "
              + i
              + " "
              + name
              + " has shape "
              + Arrays.toString(actual)
              + ", the spec implies "
              + Arrays.toString(dims));
    }
    return graph.floatInitializer("layer" + i + "." + name, array.toFloatArray(), dims);
  }

  private static void expect(Block block, Class<? extends Block> type, int i, Layer layer) {
    if (!type.isInstance(block)) {
      throw new IllegalArgumentException(
          "layer "
              + i
              + " is "
              + layer
              + " but the tower's block is a "
              + block.getClass().getSimpleName());
    }
  }
}
