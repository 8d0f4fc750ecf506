package io.siameseonnx.server.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.card.ModelKind;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One loaded model of the repository, either kind: owns its {@link OrtSession} and turns items into
 * outputs. An item of an embedding model is one preprocessed image and its output the embedding; an
 * item of a distance model is two images back to back and its output one distance. {@link
 * #run(FloatBuffer, int)} may be called from several threads; the server calls it from its
 * batcher's thread only (and from warm-up before the model is published).
 */
public final class OnnxModel implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final ModelCard card;
  private final ModelKind kind;
  private final long version;
  private final Path file;
  private final Device provider;
  private final Optional<String> cudaUnavailable;
  private final List<String> inputNames;
  private final String outputName;
  private final Set<String> outputs;
  private final long[] imageShape;
  private final int imageSize;
  private final int outputSize;

  private OnnxModel(
      SessionFactory.OpenedSession opened, ModelContract.Checked checked, long version, Path file) {
    this.env = OrtRuntime.environment();
    this.session = opened.session();
    this.provider = opened.provider();
    this.cudaUnavailable = opened.cudaUnavailable();
    this.card = checked.card();
    this.kind = checked.kind();
    this.inputNames = checked.inputNames();
    this.outputName = checked.outputName();
    this.outputs = Set.of(outputName);
    this.version = version;
    this.file = file;
    PreprocessingSpec spec = card.preprocessing();
    this.imageShape = new long[] {spec.channels(), spec.height(), spec.width()};
    this.imageSize = spec.tensorSize();
    this.outputSize = kind == ModelKind.EMBEDDING ? card.embeddingDimension() : 1;
  }

  /**
   * Loads and validates an embedding model file.
   *
   * @throws ModelLoadException naming the file, when it is missing, not a valid ONNX model, has no
   *     valid card, is a distance model, or its tensors disagree with the card
   */
  public static OnnxModel load(Path file, long version, RuntimeOptions options)
      throws ModelLoadException {
    return load(file, version, ModelKind.EMBEDDING, options);
  }

  /**
   * Loads and validates a model file of the given kind.
   *
   * @throws ModelLoadException naming the file, when it is missing, not a valid ONNX model, has no
   *     valid card, is of another kind, or its tensors disagree with the card
   */
  public static OnnxModel load(Path file, long version, ModelKind kind, RuntimeOptions options)
      throws ModelLoadException {
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(file, "file not found");
    }
    SessionFactory.OpenedSession opened = SessionFactory.open(file, options);
    try {
      return new OnnxModel(
          opened, ModelContract.check(opened.session(), file, kind), version, file);
    } catch (ModelLoadException | RuntimeException e) {
      closeQuietly(opened.session(), e);
      throw e;
    }
  }

  /**
   * Runs {@code count} items laid back to back in {@code items}, from its position ({@link
   * #itemSize()} floats each). A direct, native-order buffer is handed to ONNX Runtime without a
   * copy (for an embedding model).
   *
   * @return one output of {@link #outputSize()} floats an item
   */
  public float[][] run(FloatBuffer items, int count) throws OrtException {
    if (items.remaining() != count * itemSize()) {
      throw new IllegalArgumentException(
          "expected "
              + count * itemSize()
              + " floats for "
              + count
              + " items, got "
              + items.remaining());
    }
    long[] shape = {count, imageShape[0], imageShape[1], imageShape[2]};
    Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    try {
      if (inputNames.size() == 1) {
        inputs.put(inputNames.get(0), OnnxTensor.createTensor(env, items, shape));
      } else {
        // Items are (a, b) pairs: split them into one tensor per input.
        FloatBuffer[] parts = new FloatBuffer[inputNames.size()];
        for (int k = 0; k < parts.length; k++) {
          parts[k] = allocate(count, imageSize);
        }
        float[] image = new float[imageSize];
        for (int i = 0; i < count; i++) {
          for (FloatBuffer part : parts) {
            items.get(image);
            part.put(image);
          }
        }
        for (int k = 0; k < parts.length; k++) {
          parts[k].flip();
          inputs.put(inputNames.get(k), OnnxTensor.createTensor(env, parts[k], shape));
        }
      }
      try (OrtSession.Result result = session.run(inputs, outputs)) {
        return read(result, count);
      }
    } finally {
      for (OnnxTensor tensor : inputs.values()) {
        tensor.close();
      }
    }
  }

  private float[][] read(OrtSession.Result result, int count) {
    OnnxValue value = result.get(0);
    if (!(value instanceof OnnxTensor out)) {
      throw new IllegalStateException("output '" + outputName + "' is not a tensor");
    }
    long[] outShape = out.getInfo().getShape();
    boolean ok =
        kind == ModelKind.EMBEDDING
            ? outShape.length == 2 && outShape[0] == count && outShape[1] == outputSize
            : outShape.length == 1 && outShape[0] == count;
    if (!ok) {
      throw new IllegalStateException(
          "output '"
              + outputName
              + "' has shape "
              + Arrays.toString(outShape)
              + ", expected "
              + (kind == ModelKind.EMBEDDING
                  ? "[" + count + ", " + outputSize + "]"
                  : "[" + count + "]"));
    }
    FloatBuffer floats = out.getFloatBuffer();
    float[][] results = new float[count][outputSize];
    for (float[] r : results) {
      floats.get(r);
    }
    return results;
  }

  /** Embeds images given as arrays (an embedding model; copied into a direct buffer first). */
  public float[][] embed(float[][] images) throws OrtException {
    FloatBuffer buffer = allocate(images.length, itemSize());
    for (float[] image : images) {
      buffer.put(image);
    }
    buffer.flip();
    return run(buffer, images.length);
  }

  /** A direct, native-order buffer for {@code count} items. */
  public FloatBuffer allocate(int count) {
    return allocate(count, itemSize());
  }

  private static FloatBuffer allocate(int count, int floats) {
    return ByteBuffer.allocateDirect(count * floats * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  /**
   * Runs zero items at batch 1 and at {@code maxBatch}, {@code runs} times each, so that the first
   * request does not pay for ONNX Runtime's lazy allocations (or CUDA's kernel loading).
   */
  public void warmUp(int maxBatch, int runs) throws OrtException {
    FloatBuffer zeros = allocate(maxBatch);
    for (int run = 0; run < runs; run++) {
      for (int batch : new int[] {1, maxBatch}) {
        zeros.clear().limit(batch * itemSize());
        run(zeros, batch);
      }
    }
  }

  /** The model card read from the model. */
  public ModelCard card() {
    return card;
  }

  /** Which of the two models this is. */
  public ModelKind kind() {
    return kind;
  }

  /** The repository version. */
  public long version() {
    return version;
  }

  /** The model file. */
  public Path file() {
    return file;
  }

  /** Where the session runs. */
  public Device provider() {
    return provider;
  }

  /** Why CUDA was not used, where {@code auto} fell back to the CPU. */
  public Optional<String> cudaUnavailable() {
    return cudaUnavailable;
  }

  /** Floats in one preprocessed image. */
  public int imageSize() {
    return imageSize;
  }

  /** Floats in one item: one image (embedding model) or two (distance model). */
  public int itemSize() {
    return imageSize * inputNames.size();
  }

  /** Floats in one item's output: the embedding dimension, or 1 (a distance). */
  public int outputSize() {
    return outputSize;
  }

  /** Floats in one embedding (the card's dimension, for either kind). */
  public int dimension() {
    return card.embeddingDimension();
  }

  /** The first image input's name. */
  public String inputName() {
    return inputNames.get(0);
  }

  /** The image inputs' names. */
  public List<String> inputNames() {
    return inputNames;
  }

  /** The output's name. */
  public String outputName() {
    return outputName;
  }

  /** Closes the session (never the process-wide environment). */
  @Override
  public void close() throws OrtException {
    session.close();
  }

  private static void closeQuietly(OrtSession session, Exception primary) {
    try {
      session.close();
    } catch (OrtException e) {
      primary.addSuppressed(e);
    }
  }
}
