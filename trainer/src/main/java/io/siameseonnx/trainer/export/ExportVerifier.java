package io.siameseonnx.trainer.export;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.siameseonnx.model.card.InvalidModelCardException;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.model.card.ModelKind;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.model.TowerInference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs written ONNX models with ONNX Runtime and compares them with DJL's forward pass of the tower
 * they were exported from, on the caller's images plus a few uniformly random ones.
 */
public final class ExportVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(ExportVerifier.class);
  private static final int BATCH = 64;
  private static final String IMAGE = ModelKind.EMBEDDING.inputNames().get(0);
  private static final String EMBEDDING = ModelKind.EMBEDDING.outputName();
  private static final String IMAGE_A = ModelKind.DISTANCE.inputNames().get(0);
  private static final String IMAGE_B = ModelKind.DISTANCE.inputNames().get(1);
  private static final String DISTANCE = ModelKind.DISTANCE.outputName();

  private final int randomImages;
  private final long seed;

  /**
   * A verifier.
   *
   * @param randomImages random images in [0, 1) added to the caller's (at least 2 in all are used)
   * @param seed seed of the random images
   */
  public ExportVerifier(int randomImages, long seed) {
    if (randomImages < 0) {
      throw new IllegalArgumentException("randomImages must not be negative");
    }
    this.randomImages = randomImages;
    this.seed = seed;
  }

  /** The ONNX Runtime version that runs the checks. */
  public static String onnxRuntimeVersion() {
    return OrtEnvironment.getEnvironment().getVersion();
  }

  /**
   * Compares both models with DJL.
   *
   * @param embeddingModel the embedding model file ({@code image} to {@code embedding})
   * @param pairModel the pair model file ({@code image_a}, {@code image_b} to {@code distance})
   * @param metric the pair model's distance
   * @param tower the DJL tower the models were exported from
   * @param manager the manager of the tower's parameters
   * @param inputShape C, H, W
   * @param images preprocessed CHW images; may be empty
   * @return the largest differences
   * @throws ExportVerificationException when ONNX Runtime cannot load or run a model, or its
   *     outputs have an unexpected shape
   */
  public ParityFigures verify(
      Path embeddingModel,
      Path pairModel,
      Metric metric,
      Block tower,
      NDManager manager,
      long[] inputShape,
      float[][] images) {
    float[][] inputs = withRandomImages(images, inputShape);
    int n = inputs.length;
    float[][] expected = TowerInference.embed(tower, manager, inputShape, inputs, BATCH);
    float[][] actual = embed(embeddingModel, inputShape, inputs);
    double embeddingDiff = 0;
    for (int i = 0; i < n; i++) {
      if (actual[i].length != expected[i].length) {
        throw new ExportVerificationException(
            embeddingModel
                + " gives embeddings of length "
                + actual[i].length
                + ", DJL "
                + expected[i].length);
      }
      for (int j = 0; j < expected[i].length; j++) {
        embeddingDiff = maxDiff(embeddingDiff, actual[i][j], expected[i][j]);
      }
    }

    float[][] a = new float[n][];
    float[][] b = new float[n][];
    double[] expectedDistances = new double[n];
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      a[i] = inputs[i];
      b[i] = inputs[j];
      expectedDistances[i] = metric.between(expected[i], expected[j]);
    }
    float[] distances = distances(pairModel, inputShape, a, b);
    double distanceDiff = 0;
    for (int i = 0; i < n; i++) {
      distanceDiff = maxDiff(distanceDiff, distances[i], expectedDistances[i]);
    }
    ParityFigures v = new ParityFigures(embeddingDiff, distanceDiff, n, n);
    LOG.info(
        "ONNX Runtime vs DJL on {} images: max abs difference {} (embeddings), {} ({} distances)",
        n,
        embeddingDiff,
        distanceDiff,
        metric.wireName());
    return v;
  }

  /** Reads the model card from a model's metadata the way a server does, through ONNX Runtime. */
  public static ModelCard readCard(Path model) {
    try (OrtSession session = session(model)) {
      String json =
          session
              .getMetadata()
              .getCustomMetadataValue(ModelCard.METADATA_KEY)
              .orElseThrow(
                  () ->
                      new InvalidModelCardException(
                          model + " has no metadata key " + ModelCard.METADATA_KEY));
      return ModelCards.fromJson(json);
    } catch (OrtException e) {
      throw new ExportVerificationException(
          "failed to read the metadata of " + model + ": " + e.getMessage(), e);
    }
  }

  /** Runs an embedding model on images, in batches. */
  static float[][] embed(Path model, long[] inputShape, float[][] images) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<float[]> out = new ArrayList<>();
    try (OrtSession session = session(model)) {
      for (int start = 0; start < images.length; start += BATCH) {
        float[][] batch = Arrays.copyOfRange(images, start, Math.min(images.length, start + BATCH));
        try (OnnxTensor x = tensor(env, batch, inputShape);
            OrtSession.Result result = session.run(Map.of(IMAGE, x))) {
          float[] flat = floats(result, EMBEDDING, model);
          long[] shape = shape(result, EMBEDDING, model);
          if (shape.length != 2 || shape[0] != batch.length) {
            throw new ExportVerificationException(
                model + " output embedding has shape " + Arrays.toString(shape));
          }
          int dim = Math.toIntExact(shape[1]);
          for (int i = 0; i < batch.length; i++) {
            out.add(Arrays.copyOfRange(flat, i * dim, (i + 1) * dim));
          }
        }
      }
    } catch (OrtException e) {
      throw new ExportVerificationException(
          "failed to run ONNX model " + model + ": " + e.getMessage(), e);
    }
    return out.toArray(new float[0][]);
  }

  /** Runs a pair model on pairs of images, in batches. */
  static float[] distances(Path model, long[] inputShape, float[][] a, float[][] b) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[] out = new float[a.length];
    try (OrtSession session = session(model)) {
      for (int start = 0; start < a.length; start += BATCH) {
        int end = Math.min(a.length, start + BATCH);
        try (OnnxTensor xa = tensor(env, Arrays.copyOfRange(a, start, end), inputShape);
            OnnxTensor xb = tensor(env, Arrays.copyOfRange(b, start, end), inputShape);
            OrtSession.Result result = session.run(Map.of(IMAGE_A, xa, IMAGE_B, xb))) {
          long[] shape = shape(result, DISTANCE, model);
          if (shape.length != 1 || shape[0] != end - start) {
            throw new ExportVerificationException(
                model + " output distance has shape " + Arrays.toString(shape));
          }
          System.arraycopy(floats(result, DISTANCE, model), 0, out, start, end - start);
        }
      }
    } catch (OrtException e) {
      throw new ExportVerificationException(
          "failed to run ONNX model " + model + ": " + e.getMessage(), e);
    }
    return out;
  }

  private float[][] withRandomImages(float[][] images, long[] inputShape) {
    int per = Math.toIntExact(inputShape[0] * inputShape[1] * inputShape[2]);
    int random = Math.max(randomImages, 2 - images.length);
    float[][] all = Arrays.copyOf(images, images.length + random);
    Random rng = new Random(seed);
    for (int i = images.length; i < all.length; i++) {
      float[] image = new float[per];
      for (int j = 0; j < per; j++) {
        image[j] = rng.nextFloat();
      }
      all[i] = image;
    }
    return all;
  }

  private static OrtSession session(Path model) throws OrtException {
    return OrtEnvironment.getEnvironment()
        .createSession(model.toString(), new OrtSession.SessionOptions());
  }

  private static OnnxTensor tensor(OrtEnvironment env, float[][] images, long[] inputShape)
      throws OrtException {
    int per = Math.toIntExact(inputShape[0] * inputShape[1] * inputShape[2]);
    FloatBuffer buffer =
        ByteBuffer.allocateDirect(images.length * per * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    for (int i = 0; i < images.length; i++) {
      if (images[i].length != per) {
        throw new IllegalArgumentException(
            "image " + i + " has " + images[i].length + " values, expected " + per);
      }
      buffer.put(images[i]);
    }
    buffer.rewind();
    long[] shape = {images.length, inputShape[0], inputShape[1], inputShape[2]};
    return OnnxTensor.createTensor(env, buffer, shape);
  }

  private static OnnxTensor output(OrtSession.Result result, String name, Path model) {
    OnnxValue value =
        result
            .get(name)
            .orElseThrow(() -> new ExportVerificationException(model + " has no output " + name));
    if (!(value instanceof OnnxTensor tensor)) {
      throw new ExportVerificationException(model + " output " + name + " is not a tensor");
    }
    return tensor;
  }

  private static float[] floats(OrtSession.Result result, String name, Path model) {
    FloatBuffer buffer = output(result, name, model).getFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  private static long[] shape(OrtSession.Result result, String name, Path model) {
    return output(result, name, model).getInfo().getShape();
  }

  private static double maxDiff(double max, double actual, double expected) {
    double d = Math.abs(actual - expected);
    return Double.isNaN(d) || Double.isNaN(max) ? Double.NaN : Math.max(max, d);
  }
}
