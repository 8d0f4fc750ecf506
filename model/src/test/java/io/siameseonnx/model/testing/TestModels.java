package io.siameseonnx.model.testing;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.onnx.SiameseGraphs;
import io.siameseonnx.model.spec.Architectures;
import io.siameseonnx.model.spec.Layer;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.util.List;
import java.util.Map;

/**
 * Models for tests, written by the product's own ONNX writer with {@link RandomWeights}: a tiny
 * linear tower (flatten, dense, L2 normalisation) that loads and runs in milliseconds, any named
 * architecture, and the broken variants a loader must refuse.
 */
public final class TestModels {
  private TestModels() {}

  /** A linear tower on 1x32x32 inputs to {@code dimension} values, L2-normalised. */
  public static TowerSpec linearTower(int dimension) {
    return linearTower(dimension, 32, 32);
  }

  /** A linear tower on 1xHxW inputs to {@code dimension} values, L2-normalised. */
  public static TowerSpec linearTower(int dimension, int height, int width) {
    return linearTower(dimension, 1, height, width);
  }

  /** A linear tower on CxHxW inputs to {@code dimension} values, L2-normalised. */
  public static TowerSpec linearTower(int dimension, int channels, int height, int width) {
    return new TowerSpec(
        "linear-test-tower",
        new long[] {channels, height, width},
        List.of(new Layer.Flatten(), new Layer.Dense(dimension), new Layer.L2Normalize()));
  }

  /** A named architecture at 1x32x32. */
  public static TowerSpec architecture(String name) {
    return Architectures.named(name, 1, 32, 32);
  }

  /**
   * The card of an embedding model of {@code tower}: named {@code siamese-embedding}, the default
   * preprocessing at the tower's size and channels, Euclidean, threshold 0.5.
   */
  public static ModelCard card(TowerSpec tower) {
    long[] in = tower.inputShape();
    return ModelCard.forTower(tower, PreprocessingSpec.of((int) in[2], (int) in[1], (int) in[0]))
        .metric(Metric.EUCLIDEAN)
        .threshold(0.5)
        .versions(Map.of("generator", "siamese-onnx tests"))
        .build();
  }

  /** The embedding model of {@code tower} with random weights from {@code seed} and its card. */
  public static ModelProto embedding(TowerSpec tower, long seed) {
    return embedding(tower, seed, card(tower));
  }

  /** The embedding model of {@code tower} with random weights and the given card inside. */
  public static ModelProto embedding(TowerSpec tower, long seed, ModelCard card) {
    return SiameseGraphs.embedding(tower, new RandomWeights(seed), card);
  }

  /** The distance model of {@code tower}, in the card's metric, with random weights. */
  public static ModelProto distance(TowerSpec tower, long seed, ModelCard embeddingCard) {
    return SiameseGraphs.distance(
        tower,
        new RandomWeights(seed),
        embeddingCard.forDistanceModel(io.siameseonnx.model.card.ModelKind.DISTANCE.defaultName()));
  }

  /** The model with other metadata instead of its card (none, or a broken one). */
  public static ModelProto withMetadata(ModelProto model, Map<String, String> metadata) {
    ModelProto.Builder b = model.toBuilder().clearMetadataProps();
    metadata.forEach(
        (k, v) -> b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return b.build();
  }

  /** The model with a graph input or output renamed (its nodes follow). */
  public static ModelProto renamed(ModelProto model, String from, String to) {
    ModelProto.Builder b = model.toBuilder();
    var graph = b.getGraphBuilder();
    for (ValueInfoProto.Builder v : graph.getInputBuilderList()) {
      if (v.getName().equals(from)) {
        v.setName(to);
      }
    }
    for (ValueInfoProto.Builder v : graph.getOutputBuilderList()) {
      if (v.getName().equals(from)) {
        v.setName(to);
      }
    }
    for (NodeProto.Builder node : graph.getNodeBuilderList()) {
      for (int i = 0; i < node.getInputCount(); i++) {
        if (node.getInput(i).equals(from)) {
          node.setInput(i, to);
        }
      }
      for (int i = 0; i < node.getOutputCount(); i++) {
        if (node.getOutput(i).equals(from)) {
          node.setOutput(i, to);
        }
      }
    }
    return b.build();
  }

  /** The model with its inputs' and outputs' batch dimension fixed at 1. */
  public static ModelProto withFixedBatch(ModelProto model) {
    ModelProto.Builder b = model.toBuilder();
    var graph = b.getGraphBuilder();
    for (ValueInfoProto.Builder v : graph.getInputBuilderList()) {
      fixFirstDim(v);
    }
    for (ValueInfoProto.Builder v : graph.getOutputBuilderList()) {
      fixFirstDim(v);
    }
    return b.build();
  }

  private static void fixFirstDim(ValueInfoProto.Builder v) {
    TensorShapeProto.Builder shape = v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
    shape.setDim(0, TensorShapeProto.Dimension.newBuilder().setDimValue(1));
  }

  /**
   * An embedding model that passes every load-time check but fails in ONNX Runtime on batches of
   * more than one image: its graph reshapes the embeddings to a fixed {@code [1, 8]}.
   */
  public static ModelProto failingAboveBatchOne(ModelCard card) {
    io.siameseonnx.model.onnx.OnnxGraphBuilder g =
        new io.siameseonnx.model.onnx.OnnxGraphBuilder("single_image_only");
    String x = g.input("image", 1, 32, 32);
    String flat =
        g.node(
            io.siameseonnx.model.onnx.OnnxOperator.FLATTEN,
            "flat",
            List.of(x),
            io.siameseonnx.model.onnx.OnnxGraphBuilder.intAttr("axis", 1));
    String w = g.floatInitializer("w", new float[8 * 1024], 8, 1024);
    String y =
        g.node(
            io.siameseonnx.model.onnx.OnnxOperator.GEMM,
            "y",
            List.of(flat, w),
            io.siameseonnx.model.onnx.OnnxGraphBuilder.intAttr("transB", 1));
    g.node(
        io.siameseonnx.model.onnx.OnnxOperator.RESHAPE,
        "embedding",
        List.of(y, g.int64Initializer("shape", 1, 8)));
    g.output("embedding", 8);
    return SiameseGraphs.withCard(
        ModelProto.newBuilder()
            .setIrVersion(SiameseGraphs.IR_VERSION)
            .addOpsetImport(
                ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder()
                    .setDomain("")
                    .setVersion(SiameseGraphs.OPSET))
            .setGraph(g.build())
            .build(),
        card);
  }

  /** The embedding model of {@code tower} whose biases are NaN: every output is NaN. */
  public static ModelProto nanOutput(TowerSpec tower) {
    RandomWeights random = new RandomWeights(1);
    return SiameseGraphs.embedding(
        tower,
        p -> {
          float[] values = random.values(p);
          if (p.name().equals(io.siameseonnx.model.spec.Layer.BIAS)) {
            java.util.Arrays.fill(values, Float.NaN);
          }
          return values;
        },
        card(tower));
  }
}
