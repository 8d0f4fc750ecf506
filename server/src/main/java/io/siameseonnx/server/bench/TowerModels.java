package io.siameseonnx.server.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.siameseonnx.shared.card.ModelCard;
import io.siameseonnx.shared.card.ModelCards;
import io.siameseonnx.shared.card.TensorSpec;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds embedding models with random weights in the trainer's export layout: a tiny linear tower
 * for tests and a tower of the seed's size and cost for the benchmark, so that neither needs a
 * trained model.
 */
public final class TowerModels {
  /** The producer name written into generated models. */
  public static final String PRODUCER = "siamese-onnx-server-bench";

  private TowerModels() {}

  /**
   * The shape of a generated linear tower: {@code input[N,1,H,W] -> Flatten -> Gemm -> (L2
   * normalise) -> output[N,D]}.
   *
   * @param inputName graph input name
   * @param outputName graph output name
   * @param height input height
   * @param width input width
   * @param dimension embedding length
   * @param normalize whether the output is divided by its L2 norm
   * @param dynamicBatch whether the batch dimension is dynamic (otherwise fixed at 1)
   * @param seed weight seed
   */
  public record LinearTower(
      String inputName,
      String outputName,
      int height,
      int width,
      int dimension,
      boolean normalize,
      boolean dynamicBatch,
      long seed) {

    /** The default test tower: 32x32 to {@code dimension}, normalised, dynamic batch. */
    public static LinearTower of(int dimension, long seed) {
      return new LinearTower("image", "embedding", 32, 32, dimension, true, true, seed);
    }

    /** A copy with other tensor names. */
    public LinearTower withNames(String input, String output) {
      return new LinearTower(
          input, output, height, width, dimension, normalize, dynamicBatch, seed);
    }

    /** A copy with a fixed batch dimension of 1. */
    public LinearTower withFixedBatch() {
      return new LinearTower(
          inputName, outputName, height, width, dimension, normalize, false, seed);
    }
  }

  /** A linear tower with the given metadata properties. */
  public static ModelProto linear(LinearTower spec, Map<String, String> metadata) {
    Random random = new Random(spec.seed());
    int pixels = spec.height() * spec.width();
    long batch = spec.dynamicBatch() ? -1 : 1;
    OnnxGraph g = new OnnxGraph("linear_tower");
    String x = g.input(spec.inputName(), batch, 1, spec.height(), spec.width());
    String w =
        g.initializer(
            "w",
            gaussian(random, spec.dimension() * pixels, 1.0 / Math.sqrt(pixels)),
            spec.dimension(),
            pixels);
    String b = g.initializer("b", gaussian(random, spec.dimension(), 0.1), spec.dimension());
    String flat = g.node("Flatten", new String[] {x}, null, Map.of("axis", 1));
    String out = spec.normalize() ? null : spec.outputName();
    String y = g.node("Gemm", new String[] {flat, w, b}, out, Map.of("transB", 1));
    if (spec.normalize()) {
      l2Normalize(g, y, spec.outputName());
    }
    g.output(spec.outputName(), batch, spec.dimension());
    return g.build(PRODUCER, metadata);
  }

  /**
   * A tower of the seed's size: {@code Conv 16@8x8 -> ReLU -> Conv 32@4x4 -> ReLU -> Flatten ->
   * Gemm 512 -> ReLU -> Gemm 256}, about 8.1 M parameters and 25 MFLOP an image at 32x32, with
   * He-initialised random weights.
   */
  public static ModelProto seedTower(long seed, Map<String, String> metadata) {
    Random random = new Random(seed);
    OnnxGraph g = new OnnxGraph("seed_tower");
    String x = g.input("image", -1, 1, 32, 32);
    String w1 =
        g.initializer("conv1.w", gaussian(random, 16 * 64, Math.sqrt(2.0 / 64)), 16, 1, 8, 8);
    String b1 = g.initializer("conv1.b", new float[16], 16);
    String c1 =
        g.node("Conv", new String[] {x, w1, b1}, null, Map.of("kernel_shape", new long[] {8, 8}));
    String r1 = g.node("Relu", null, c1);
    String w2 =
        g.initializer(
            "conv2.w", gaussian(random, 32 * 16 * 16, Math.sqrt(2.0 / 256)), 32, 16, 4, 4);
    String b2 = g.initializer("conv2.b", new float[32], 32);
    String c2 =
        g.node("Conv", new String[] {r1, w2, b2}, null, Map.of("kernel_shape", new long[] {4, 4}));
    String r2 = g.node("Relu", null, c2);
    String flat = g.node("Flatten", new String[] {r2}, null, Map.of("axis", 1));
    int features = 32 * 22 * 22;
    String w3 =
        g.initializer(
            "fc1.w", gaussian(random, 512 * features, Math.sqrt(2.0 / features)), 512, features);
    String b3 = g.initializer("fc1.b", new float[512], 512);
    String d1 = g.node("Gemm", new String[] {flat, w3, b3}, null, Map.of("transB", 1));
    String r3 = g.node("Relu", null, d1);
    String w4 = g.initializer("fc2.w", gaussian(random, 256 * 512, Math.sqrt(1.0 / 512)), 256, 512);
    String b4 = g.initializer("fc2.b", new float[256], 256);
    g.node("Gemm", new String[] {r3, w4, b4}, "embedding", Map.of("transB", 1));
    g.output("embedding", -1, 256);
    return g.build(PRODUCER, metadata);
  }

  /** The card of a generated model whose input is {@code [N,1,H,W]} and output {@code [N,D]}. */
  public static ModelCard card(
      String name,
      String architecture,
      PreprocessingSpec preprocessing,
      String inputName,
      String outputName,
      int dimension,
      Metric metric,
      double threshold,
      boolean l2Normalized) {
    return new ModelCard(
        ModelCard.SCHEMA_VERSION,
        name,
        architecture,
        java.time.Instant.now().toString(),
        preprocessing,
        List.of(
            TensorSpec.float32(
                inputName,
                -1,
                preprocessing.channels(),
                preprocessing.height(),
                preprocessing.width())),
        List.of(TensorSpec.float32(outputName, -1, dimension)),
        dimension,
        metric.wireName(),
        l2Normalized,
        "contrastive",
        1.0,
        threshold,
        Map.of(),
        "",
        Map.of("generator", PRODUCER),
        Map.of());
  }

  /** The card of a linear tower, named {@code siamese-embedding}, Euclidean, threshold 0.5. */
  public static ModelCard card(LinearTower spec) {
    return card(
        "siamese-embedding",
        "linear-test-tower",
        PreprocessingSpec.of(spec.width(), spec.height()),
        spec.inputName(),
        spec.outputName(),
        spec.dimension(),
        Metric.EUCLIDEAN,
        0.5,
        spec.normalize());
  }

  /** The card of the seed-sized benchmark tower. */
  public static ModelCard seedTowerCard() {
    return card(
        "siamese-embedding",
        "seed-tower-random",
        PreprocessingSpec.defaults(),
        "image",
        "embedding",
        256,
        Metric.EUCLIDEAN,
        1.0,
        false);
  }

  /** The metadata properties that carry a card. */
  public static Map<String, String> cardMetadata(ModelCard card) {
    return Map.of(ModelCard.METADATA_KEY, ModelCards.toJson(card));
  }

  private static void l2Normalize(OnnxGraph g, String y, String output) {
    String norm =
        g.node("ReduceL2", new String[] {y}, null, Map.of("axes", new long[] {1}, "keepdims", 1));
    String eps = g.initializer("eps", new float[] {1e-12f});
    String safe = g.node("Max", null, norm, eps);
    g.node("Div", output, y, safe);
  }

  private static float[] gaussian(Random random, int n, double std) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }
}
