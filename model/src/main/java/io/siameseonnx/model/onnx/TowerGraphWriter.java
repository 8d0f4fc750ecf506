package io.siameseonnx.model.onnx;

import static io.siameseonnx.model.onnx.OnnxGraphBuilder.floatAttr;
import static io.siameseonnx.model.onnx.OnnxGraphBuilder.intAttr;
import static io.siameseonnx.model.onnx.OnnxGraphBuilder.ints;

import io.siameseonnx.model.spec.Layer;
import io.siameseonnx.model.spec.TowerSpec;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Writes an embedding tower into an {@link OnnxGraphBuilder} by walking its {@link TowerSpec}, one
 * {@link Layer.Visitor} call a layer, with the weights from a {@link WeightSource}.
 *
 * <p>Weights become initializers named {@code <layer path>.<parameter>} ({@code layer0.weight});
 * emitting the tower twice in one graph (the pair model) therefore stores them once.
 */
final class TowerGraphWriter {
  private final TowerSpec spec;
  private final WeightSource weights;

  TowerGraphWriter(TowerSpec spec, WeightSource weights) {
    this.spec = spec;
    this.weights = weights;
  }

  /**
   * Emits the tower's nodes.
   *
   * @param graph the graph to add to
   * @param input the name of the [N, C, H, W] input value
   * @param prefix prefix of the value names, to keep two copies of the tower apart
   * @return the name of the [N, D] embedding value
   */
  String write(OnnxGraphBuilder graph, String input, String prefix) {
    return writeAll(graph, spec.layers(), input, spec.inputShape(), prefix, TowerSpec::layerPath);
  }

  private String writeAll(
      OnnxGraphBuilder graph,
      List<Layer> layers,
      String input,
      long[] inShape,
      String prefix,
      IntFunction<String> paths) {
    String x = input;
    long[] shape = inShape;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      String path = paths.apply(i);
      x = layer.accept(new LayerWriter(graph, x, shape, path, prefix));
      shape = layer.outputShape(shape);
    }
    return x;
  }

  /** Emits one layer; returns the name of its output value. */
  private final class LayerWriter implements Layer.Visitor<String> {
    private final OnnxGraphBuilder graph;
    private final String x;
    private final long[] inShape;
    private final String path;
    private final String prefix;
    private final String out;

    LayerWriter(OnnxGraphBuilder graph, String x, long[] inShape, String path, String prefix) {
      this.graph = graph;
      this.x = x;
      this.inShape = inShape;
      this.path = path;
      this.prefix = prefix;
      this.out = prefix + path;
    }

    @Override
    public String conv(Layer.Conv c) {
      Map<String, String> p = initializers(c);
      long pad = c.padding();
      return graph.node(
          OnnxOperator.CONV,
          out + ".conv",
          List.of(x, p.get(Layer.WEIGHT), p.get(Layer.BIAS)),
          ints("kernel_shape", c.kernel(), c.kernel()),
          ints("strides", c.stride(), c.stride()),
          ints("pads", pad, pad, pad, pad),
          ints("dilations", 1, 1),
          intAttr("group", 1));
    }

    @Override
    public String relu(Layer.Relu r) {
      return graph.node(OnnxOperator.RELU, out + ".relu", List.of(x));
    }

    @Override
    public String maxPool(Layer.MaxPool m) {
      return graph.node(
          OnnxOperator.MAX_POOL,
          out + ".max_pool",
          List.of(x),
          ints("kernel_shape", m.kernel(), m.kernel()),
          ints("strides", m.stride(), m.stride()),
          ints("pads", 0, 0, 0, 0));
    }

    @Override
    public String globalAvgPool(Layer.GlobalAvgPool g) {
      // GlobalAveragePool keeps [N, C, 1, 1]; DJL's global pooling gives [N, C], and so must we.
      String pooled = graph.node(OnnxOperator.GLOBAL_AVERAGE_POOL, out + ".gap", List.of(x));
      return graph.node(
          OnnxOperator.FLATTEN, out + ".global_avg_pool", List.of(pooled), intAttr("axis", 1));
    }

    @Override
    public String batchNorm(Layer.BatchNorm bn) {
      // Inference form, as DJL on PyTorch computes it in inference mode:
      // y = (x - runningMean) / sqrt(runningVar + eps) * gamma + beta.
      Map<String, String> p = initializers(bn);
      return graph.node(
          OnnxOperator.BATCH_NORMALIZATION,
          out + ".batch_norm",
          List.of(
              x,
              p.get(Layer.BatchNorm.GAMMA),
              p.get(Layer.BatchNorm.BETA),
              p.get(Layer.BatchNorm.RUNNING_MEAN),
              p.get(Layer.BatchNorm.RUNNING_VAR)),
          floatAttr("epsilon", bn.epsilon()));
    }

    @Override
    public String flatten(Layer.Flatten f) {
      return graph.node(OnnxOperator.FLATTEN, out + ".flatten", List.of(x), intAttr("axis", 1));
    }

    @Override
    public String dense(Layer.Dense d) {
      Map<String, String> p = initializers(d);
      return graph.node(
          OnnxOperator.GEMM,
          out + ".dense",
          List.of(x, p.get(Layer.WEIGHT), p.get(Layer.BIAS)),
          intAttr("transB", 1),
          intAttr("transA", 0));
    }

    @Override
    public String dropout(Layer.Dropout d) {
      return x; // the identity at inference
    }

    @Override
    public String l2Normalize(Layer.L2Normalize l) {
      String norm =
          graph.node(
              OnnxOperator.REDUCE_L2,
              out + ".l2_norm",
              List.of(x),
              ints("axes", 1),
              intAttr("keepdims", 1));
      String eps = graph.scalar("l2_normalize.epsilon", Layer.L2Normalize.EPSILON);
      String clamped = graph.node(OnnxOperator.MAX, out + ".l2_norm_clamped", List.of(norm, eps));
      return graph.node(OnnxOperator.DIV, out + ".l2_normalize", List.of(x, clamped));
    }

    @Override
    public String residual(Layer.Residual r) {
      String body =
          writeAll(graph, r.body(), x, inShape, prefix, j -> TowerSpec.childPath(path, j));
      String shortcut =
          r.shortcut().isEmpty()
              ? x
              : writeAll(
                  graph, r.shortcut(), x, inShape, prefix, j -> TowerSpec.shortcutPath(path, j));
      return graph.node(OnnxOperator.ADD, out + ".residual", List.of(shortcut, body));
    }

    /** Stores the layer's parameters as initializers; returns their value names by parameter. */
    private Map<String, String> initializers(Layer layer) {
      Map<String, String> names = new java.util.HashMap<>();
      for (Map.Entry<String, long[]> e : layer.parameters(inShape).entrySet()) {
        TowerSpec.Parameter parameter = new TowerSpec.Parameter(path, e.getKey(), e.getValue());
        float[] values = weights.values(parameter);
        if (values == null || values.length != parameter.size()) {
          throw new IllegalArgumentException(
              "the weights of "
                  + parameter.qualifiedName()
                  + " have "
                  + (values == null ? "no" : Integer.toString(values.length))
                  + " values, its shape "
                  + java.util.Arrays.toString(parameter.shape())
                  + " needs "
                  + parameter.size());
        }
        names.put(
            e.getKey(), graph.floatInitializer(parameter.qualifiedName(), values, e.getValue()));
      }
      return names;
    }
  }
}
