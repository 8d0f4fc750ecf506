package io.siameseonnx.server.support;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.siameseonnx.server.runtime.OrtRuntime;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** Runs a model file with a plain ONNX Runtime session, bypassing the server, for comparisons. */
public final class DirectOrt {
  private DirectOrt() {}

  /** The embedding of one preprocessed 1x32x32 image. */
  public static float[] embed(Path model, float[] image) throws Exception {
    OrtEnvironment env = OrtRuntime.environment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(model.toString(), options);
          OnnxTensor input =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(image), new long[] {1, 1, 32, 32});
          OrtSession.Result result = session.run(Map.of("image", input))) {
        return ((float[][]) result.get(0).getValue())[0];
      }
    }
  }
}
