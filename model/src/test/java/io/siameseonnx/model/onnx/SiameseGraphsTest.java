package io.siameseonnx.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.spec.Layer;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.model.testing.RandomWeights;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The written graphs, run in ONNX Runtime, against the same towers computed by hand in Java from
 * the same weights: the writer alone, without DJL (the trainer's parity tests compare with DJL).
 */
class SiameseGraphsTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  /** Flatten, residual(dense 16, relu, dense 16), L2 normalisation, on 1x4x4 inputs. */
  private static final TowerSpec RESIDUAL_DENSE =
      new TowerSpec(
          "residual-dense",
          new long[] {1, 4, 4},
          List.of(
              new Layer.Flatten(),
              new Layer.Residual(
                  List.of(new Layer.Dense(16), new Layer.Relu(), new Layer.Dense(16))),
              new Layer.L2Normalize()));

  @Test
  void theLinearTowerComputesWxPlusBNormalised() throws Exception {
    TowerSpec tower = TestModels.linearTower(8, 4, 4);
    RandomWeights weights = new RandomWeights(3);
    float[][] images = images(5, 16);
    float[][] onnx = run(TestModels.embedding(tower, 3), "image", images, new long[] {1, 4, 4});
    float[] w = weights.values(tower.parameters().get(0));
    float[] b = weights.values(tower.parameters().get(1));
    for (int i = 0; i < images.length; i++) {
      float[] expected = normalise(dense(w, b, images[i], 8));
      assertThat(onnx[i]).containsExactly(expected, within(1e-5f));
    }
  }

  @Test
  void aResidualBlockAddsItsBodyToItsInput() throws Exception {
    RandomWeights weights = new RandomWeights(7);
    ModelCard card =
        ModelCard.forTower(RESIDUAL_DENSE, PreprocessingSpec.of(4, 4)).threshold(0.5).build();
    ModelProto model = SiameseGraphs.embedding(RESIDUAL_DENSE, weights, card);
    List<TowerSpec.Parameter> p = RESIDUAL_DENSE.parameters();
    assertThat(p)
        .extracting(TowerSpec.Parameter::qualifiedName)
        .containsExactly("layer1.0.weight", "layer1.0.bias", "layer1.2.weight", "layer1.2.bias");
    float[][] images = images(4, 16);
    float[][] onnx = run(model, "image", images, new long[] {1, 4, 4});
    for (int i = 0; i < images.length; i++) {
      float[] h = dense(weights.values(p.get(0)), weights.values(p.get(1)), images[i], 16);
      for (int j = 0; j < h.length; j++) {
        h[j] = Math.max(0, h[j]);
      }
      float[] body = dense(weights.values(p.get(2)), weights.values(p.get(3)), h, 16);
      float[] y = new float[16];
      for (int j = 0; j < 16; j++) {
        y[j] = images[i][j] + body[j];
      }
      assertThat(onnx[i]).containsExactly(normalise(y), within(1e-5f));
    }
  }

  @Test
  void globalAveragePoolingGivesEachChannelsMeanAsAFlatVector() throws Exception {
    long[] chw = {3, 5, 4};
    TowerSpec tower = new TowerSpec("gap", chw, List.of(new Layer.GlobalAvgPool()));
    // cards describe 1-channel preprocessing only (for now); the graph does not read the card
    TowerSpec grey = new TowerSpec("gap", new long[] {1, 5, 4}, tower.layers());
    ModelCard card = ModelCard.forTower(grey, PreprocessingSpec.of(4, 5)).threshold(0.5).build();
    float[][] images = images(3, 60);
    float[][] onnx =
        run(SiameseGraphs.embedding(tower, new RandomWeights(1), card), "image", images, chw);
    for (int i = 0; i < images.length; i++) {
      float[] means = new float[3];
      for (int c = 0; c < 3; c++) {
        double sum = 0;
        for (int k = 0; k < 20; k++) {
          sum += images[i][c * 20 + k];
        }
        means[c] = (float) (sum / 20);
      }
      assertThat(onnx[i]).containsExactly(means, within(1e-6f));
    }
  }

  @Test
  void aProjectionShortcutIsAddedToTheBodyInsteadOfTheInput() throws Exception {
    TowerSpec tower =
        new TowerSpec(
            "projection",
            new long[] {1, 4, 4},
            List.of(
                new Layer.Flatten(),
                new Layer.Residual(
                    List.of(new Layer.Dense(6), new Layer.Relu()), List.of(new Layer.Dense(6)))));
    RandomWeights weights = new RandomWeights(5);
    ModelCard card = ModelCard.forTower(tower, PreprocessingSpec.of(4, 4)).threshold(0.5).build();
    List<TowerSpec.Parameter> p = tower.parameters();
    assertThat(p)
        .extracting(TowerSpec.Parameter::qualifiedName)
        .containsExactly("layer1.0.weight", "layer1.0.bias", "layer1.s0.weight", "layer1.s0.bias");
    float[][] images = images(4, 16);
    float[][] onnx =
        run(SiameseGraphs.embedding(tower, weights, card), "image", images, new long[] {1, 4, 4});
    for (int i = 0; i < images.length; i++) {
      float[] body = dense(weights.values(p.get(0)), weights.values(p.get(1)), images[i], 6);
      float[] shortcut = dense(weights.values(p.get(2)), weights.values(p.get(3)), images[i], 6);
      float[] y = new float[6];
      for (int j = 0; j < 6; j++) {
        y[j] = Math.max(0, body[j]) + shortcut[j];
      }
      assertThat(onnx[i]).containsExactly(y, within(1e-5f));
    }
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void theDistanceModelComputesTheCardsMetricBetweenTheTwoEmbeddings(Metric metric)
      throws Exception {
    TowerSpec tower = TestModels.linearTower(8, 4, 4);
    ModelCard card =
        ModelCard.forTower(tower, PreprocessingSpec.of(4, 4)).metric(metric).threshold(0.5).build();
    float[][] a = images(6, 16);
    float[][] b = images(6, 16);
    float[][] ea = run(TestModels.embedding(tower, 1, card), "image", a, new long[] {1, 4, 4});
    float[][] eb = run(TestModels.embedding(tower, 1, card), "image", b, new long[] {1, 4, 4});
    ModelProto pair = TestModels.distance(tower, 1, card);
    try (OrtSession session = ENV.createSession(pair.toByteArray());
        OnnxTensor ta = tensor(a, new long[] {1, 4, 4});
        OnnxTensor tb = tensor(b, new long[] {1, 4, 4});
        OrtSession.Result r = session.run(Map.of("image_a", ta, "image_b", tb))) {
      float[] d = (float[]) r.get("distance").orElseThrow().getValue();
      for (int i = 0; i < a.length; i++) {
        assertThat((double) d[i]).isCloseTo(metric.between(ea[i], eb[i]), within(1e-5));
      }
    }
  }

  @Test
  void theCardTravelsInsideTheFile() throws Exception {
    TowerSpec tower = TestModels.linearTower(8);
    ModelProto model = TestModels.embedding(tower, 1);
    java.nio.file.Path file = java.nio.file.Files.createTempFile("model", ".onnx");
    try {
      java.nio.file.Files.write(file, model.toByteArray());
      assertThat(SiameseGraphs.readCard(file)).isEqualTo(TestModels.card(tower));
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  private static float[] dense(float[] w, float[] b, float[] x, int units) {
    float[] y = new float[units];
    for (int u = 0; u < units; u++) {
      double s = b[u];
      for (int k = 0; k < x.length; k++) {
        s += (double) w[u * x.length + k] * x[k];
      }
      y[u] = (float) s;
    }
    return y;
  }

  private static float[] normalise(float[] v) {
    double n = 0;
    for (float f : v) {
      n += (double) f * f;
    }
    double norm = Math.max(Math.sqrt(n), 1e-12);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / norm);
    }
    return out;
  }

  private static float[][] images(int n, int size) {
    Random random = new Random(n * 1000L + size);
    float[][] out = new float[n][size];
    for (float[] image : out) {
      for (int i = 0; i < size; i++) {
        image[i] = random.nextFloat();
      }
    }
    return out;
  }

  private static OnnxTensor tensor(float[][] images, long[] chw) throws Exception {
    FloatBuffer buffer = FloatBuffer.allocate(images.length * images[0].length);
    for (float[] image : images) {
      buffer.put(image);
    }
    buffer.flip();
    return OnnxTensor.createTensor(ENV, buffer, new long[] {images.length, chw[0], chw[1], chw[2]});
  }

  private static float[][] run(ModelProto model, String input, float[][] images, long[] chw)
      throws Exception {
    try (OrtSession session = ENV.createSession(model.toByteArray());
        OnnxTensor x = tensor(images, chw);
        OrtSession.Result r = session.run(Map.of(input, x))) {
      return (float[][]) r.get(0).getValue();
    }
  }
}
