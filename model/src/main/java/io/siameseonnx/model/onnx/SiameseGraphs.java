package io.siameseonnx.model.onnx;

import static io.siameseonnx.model.onnx.OnnxGraphBuilder.intAttr;
import static io.siameseonnx.model.onnx.OnnxGraphBuilder.ints;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.siameseonnx.model.card.InvalidModelCardException;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.model.card.ModelKind;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.shared.distance.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The two ONNX models of an export, built from a tower spec and its weights: the embedding model
 * and the distance model (the tower applied to two inputs with one copy of its weights, then the
 * card's metric). The card travels inside each file, in {@code metadata_props}.
 *
 * <p>The models pin ONNX opset {@value #OPSET} and IR version {@value #IR_VERSION}: opset 13 is the
 * newest whose reductions other than ReduceSum still take {@code axes} as an attribute, and both
 * are accepted by ONNX Runtime since 1.6, by Triton's ONNX Runtime backend and by {@code
 * onnx.checker} from onnx 1.8 on.
 */
public final class SiameseGraphs {
  /** The operator set every node is taken from (default ONNX domain). */
  public static final int OPSET = 13;

  /** The ONNX IR version written into the files. */
  public static final int IR_VERSION = 7;

  /** The {@code producer_name} of exported files. */
  public static final String PRODUCER_NAME = "siamese-onnx";

  /** The card's {@code versions} key of this project's version (the file's producer version). */
  public static final String PRODUCER_VERSION_KEY = "siamese_onnx";

  private SiameseGraphs() {}

  /** The embedding model: {@code image} [N, C, H, W] to {@code embedding} [N, D]. */
  public static ModelProto embedding(TowerSpec spec, WeightSource weights, ModelCard card) {
    OnnxGraphBuilder graph = new OnnxGraphBuilder(card.name());
    String input = graph.input(ModelKind.EMBEDDING.inputNames().get(0), spec.inputShape());
    String out = new TowerGraphWriter(spec, weights).write(graph, input, "");
    String embedding = ModelKind.EMBEDDING.outputName();
    graph.renameLastOutput(out, embedding);
    graph.output(embedding, spec.embeddingDimension());
    return model(graph, card);
  }

  /**
   * The distance model: {@code image_a}, {@code image_b} [N, C, H, W] to {@code distance} [N], in
   * the card's metric (Euclidean, or cosine distance {@code 1 - cos}).
   */
  public static ModelProto distance(TowerSpec spec, WeightSource weights, ModelCard card) {
    OnnxGraphBuilder graph = new OnnxGraphBuilder(card.name());
    TowerGraphWriter writer = new TowerGraphWriter(spec, weights);
    List<String> inputs = ModelKind.DISTANCE.inputNames();
    String a = writer.write(graph, graph.input(inputs.get(0), spec.inputShape()), "a/");
    String b = writer.write(graph, graph.input(inputs.get(1), spec.inputShape()), "b/");
    String distance = ModelKind.DISTANCE.outputName();
    if (card.distanceMetric() == Metric.EUCLIDEAN) {
      String diff = graph.node(OnnxOperator.SUB, "difference", List.of(a, b));
      String squared =
          graph.node(
              OnnxOperator.REDUCE_SUM_SQUARE,
              "squared_distance",
              List.of(diff),
              ints("axes", 1),
              intAttr("keepdims", 0));
      graph.node(OnnxOperator.SQRT, distance, List.of(squared));
    } else {
      // 1 - a.b / (|a| |b|); the clamp only matters for a zero vector, where the distance is 1
      // as in Distances.cosine.
      String axes = graph.int64Initializer("cosine.axes", 1);
      String product = graph.node(OnnxOperator.MUL, "product", List.of(a, b));
      String dot =
          graph.node(
              OnnxOperator.REDUCE_SUM, "dot", List.of(product, axes), intAttr("keepdims", 0));
      String normA =
          graph.node(
              OnnxOperator.REDUCE_L2,
              "norm_a",
              List.of(a),
              ints("axes", 1),
              intAttr("keepdims", 0));
      String normB =
          graph.node(
              OnnxOperator.REDUCE_L2,
              "norm_b",
              List.of(b),
              ints("axes", 1),
              intAttr("keepdims", 0));
      String norms = graph.node(OnnxOperator.MUL, "norms", List.of(normA, normB));
      String tiny = graph.scalar("cosine.epsilon", Float.MIN_NORMAL);
      String clamped = graph.node(OnnxOperator.MAX, "norms_clamped", List.of(norms, tiny));
      String cos = graph.node(OnnxOperator.DIV, "cosine", List.of(dot, clamped));
      graph.node(OnnxOperator.SUB, distance, List.of(graph.scalar("cosine.one", 1f), cos));
    }
    graph.output(distance);
    return model(graph, card);
  }

  /** A copy of the model whose metadata holds the given card (and nothing else). */
  public static ModelProto withCard(ModelProto model, ModelCard card) {
    return model.toBuilder()
        .clearMetadataProps()
        .addMetadataProps(
            StringStringEntryProto.newBuilder()
                .setKey(ModelCard.METADATA_KEY)
                .setValue(ModelCards.toJson(card)))
        .build();
  }

  /**
   * Reads the model card from an ONNX file's {@code metadata_props}.
   *
   * @throws InvalidModelCardException when the file has no card or the card is malformed
   */
  public static ModelCard readCard(Path onnxFile) throws IOException {
    ModelProto model;
    try (InputStream in = Files.newInputStream(onnxFile)) {
      model = ModelProto.parseFrom(in);
    }
    for (StringStringEntryProto entry : model.getMetadataPropsList()) {
      if (ModelCard.METADATA_KEY.equals(entry.getKey())) {
        return ModelCards.fromJson(entry.getValue());
      }
    }
    throw new InvalidModelCardException(
        onnxFile + " has no model card (metadata key " + ModelCard.METADATA_KEY + ")");
  }

  private static ModelProto model(OnnxGraphBuilder graph, ModelCard card) {
    ModelProto model =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setProducerName(PRODUCER_NAME)
            .setProducerVersion(card.versions().getOrDefault(PRODUCER_VERSION_KEY, ""))
            .setDomain("io.siameseonnx")
            .setDocString(
                "Siamese "
                    + card.architecture()
                    + " tower; preprocessing, threshold and metric in metadata key "
                    + ModelCard.METADATA_KEY)
            .setGraph(graph.build())
            .build();
    return withCard(model, card);
  }
}
