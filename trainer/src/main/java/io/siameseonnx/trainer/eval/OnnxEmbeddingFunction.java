package io.siameseonnx.trainer.eval;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.siameseonnx.model.card.ModelKind;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** Embeds images with an exported embedding model in ONNX Runtime (CPU). */
public final class OnnxEmbeddingFunction implements EmbeddingFunction, AutoCloseable {
  private static final int BATCH = 256;
  private final OrtSession session;
  private final long[] chw;

  /** Opens the model; {@code chw} is its input's channels, height and width. */
  public OnnxEmbeddingFunction(Path model, long[] chw) {
    this.chw = chw.clone();
    try {
      this.session = OrtEnvironment.getEnvironment().createSession(model.toString());
    } catch (OrtException e) {
      throw new IllegalArgumentException(
          "cannot load ONNX model " + model + ": " + e.getMessage(), e);
    }
  }

  @Override
  public float[][] embed(float[][] images) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int per = (int) (chw[0] * chw[1] * chw[2]);
    float[][] out = new float[images.length][];
    for (int start = 0; start < images.length; start += BATCH) {
      int n = Math.min(BATCH, images.length - start);
      FloatBuffer buf = FloatBuffer.allocate(n * per);
      for (int i = 0; i < n; i++) {
        buf.put(images[start + i]);
      }
      buf.flip();
      try (OnnxTensor x =
              OnnxTensor.createTensor(env, buf, new long[] {n, chw[0], chw[1], chw[2]});
          OrtSession.Result r = session.run(Map.of(ModelKind.EMBEDDING.inputNames().get(0), x))) {
        float[][] e = (float[][]) r.get(0).getValue();
        System.arraycopy(e, 0, out, start, n);
      } catch (OrtException e) {
        throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
      }
    }
    return out;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
