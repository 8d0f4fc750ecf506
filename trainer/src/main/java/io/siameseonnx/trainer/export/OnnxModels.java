package io.siameseonnx.trainer.export;

import static io.siameseonnx.trainer.export.OnnxGraph.intAttr;
import static io.siameseonnx.trainer.export.OnnxGraph.ints;

import ai.djl.nn.SequentialBlock;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.siameseonnx.shared.card.InvalidModelCardException;
import io.siameseonnx.shared.card.ModelCard;
import io.siameseonnx.shared.card.ModelCards;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.model.TowerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the two exported ONNX models from a tower (the embedding model and the pair model that
 * outputs distances) and reads the model card back from a written file.
 *
 * <p>The models pin ONNX opset {@value #OPSET} and IR version {@value #IR_VERSION}: opset 13 is the
 * newest whose reductions other than ReduceSum still take {@code axes} as an attribute, and both
 * are accepted by ONNX Runtime since 1.6, by Triton's ONNX Runtime backend and by {@code
 * onnx.checker} from onnx 1.8 on.
 */
public final class OnnxModels {
  /** The operator set every node is taken from (default ONNX domain). */
  public static final int OPSET = 13;

  /** The ONNX IR version written into the files. */
  public static final int IR_VERSION = 7;

  /** The {@code producer_name} of exported files. */
  public static final String PRODUCER_NAME = "siamese-onnx";

  /** Input of the embedding model, float32 [N, C, H, W]. */
  public static final String IMAGE = "image";

  /** Output of the embedding model, float32 [N, D]. */
  public static final String EMBEDDING = "embedding";

  /** First input of the pair model, float32 [N, C, H, W]. */
  public static final String IMAGE_A = "image_a";

  /** Second input of the pair model, float32 [N, C, H, W]. */
  public static final String IMAGE_B = "image_b";

  /** Output of the pair model, float32 [N]. */
  public static final String DISTANCE = "distance";

  private OnnxModels() {}

  /** The embedding model: {@code image} [N, C, H, W] to {@code embedding} [N, D]. */
  public static ModelProto embedding(SequentialBlock tower, TowerSpec spec, ModelCard card) {
    OnnxGraph graph = new OnnxGraph(card.name());
    String input = graph.input(IMAGE, spec.inputShape());
    String out = new TowerGraphWriter(spec, tower).write(graph, input, "");
    graph.renameLastOutput(out, EMBEDDING);
    graph.output(EMBEDDING, spec.embeddingDimension());
    return model(graph, card);
  }

  /**
   * The pair model: {@code image_a}, {@code image_b} [N, C, H, W] to {@code distance} [N], the
   * tower applied to both inputs with one copy of its weights.
   *
   * @param metric Euclidean distance, or cosine distance {@code 1 - cos}
   */
  public static ModelProto pair(
      SequentialBlock tower, TowerSpec spec, Metric metric, ModelCard card) {
    OnnxGraph graph = new OnnxGraph(card.name());
    TowerGraphWriter writer = new TowerGraphWriter(spec, tower);
    String a = writer.write(graph, graph.input(IMAGE_A, spec.inputShape()), "a/");
    String b = writer.write(graph, graph.input(IMAGE_B, spec.inputShape()), "b/");
    if (metric == Metric.EUCLIDEAN) {
      String diff = graph.node("Sub", "difference", List.of(a, b));
      String squared =
          graph.node(
              "ReduceSumSquare",
              "squared_distance",
              List.of(diff),
              ints("axes", 1),
              intAttr("keepdims", 0));
      graph.node("Sqrt", DISTANCE, List.of(squared));
    } else {
      // 1 - a.b / (|a| |b|); the clamp only matters for a zero vector, where the distance is 1
      // as in Distances.cosine.
      String axes = graph.int64Initializer("cosine.axes", 1);
      String product = graph.node("Mul", "product", List.of(a, b));
      String dot = graph.node("ReduceSum", "dot", List.of(product, axes), intAttr("keepdims", 0));
      String normA =
          graph.node("ReduceL2", "norm_a", List.of(a), ints("axes", 1), intAttr("keepdims", 0));
      String normB =
          graph.node("ReduceL2", "norm_b", List.of(b), ints("axes", 1), intAttr("keepdims", 0));
      String norms = graph.node("Mul", "norms", List.of(normA, normB));
      String tiny = graph.scalar("cosine.epsilon", Float.MIN_NORMAL);
      String clamped = graph.node("Max", "norms_clamped", List.of(norms, tiny));
      String cos = graph.node("Div", "cosine", List.of(dot, clamped));
      graph.node("Sub", DISTANCE, List.of(graph.scalar("cosine.one", 1f), cos));
    }
    graph.output(DISTANCE);
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

  private static ModelProto model(OnnxGraph graph, ModelCard card) {
    ModelProto model =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setProducerName(PRODUCER_NAME)
            .setProducerVersion(card.versions().getOrDefault(ModelCardFactory.SIAMESE_ONNX, ""))
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
