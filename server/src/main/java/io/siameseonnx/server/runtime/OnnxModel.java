package io.siameseonnx.server.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One loaded embedding model: owns its {@link OrtSession} and turns batches of preprocessed images
 * into embeddings. {@link #embed(FloatBuffer, int)} may be called from several threads; the server
 * calls it from the batcher's thread only (and from warm-up before the model is published).
 */
public final class OnnxModel implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final ModelCard card;
  private final long version;
  private final Path file;
  private final Device provider;
  private final Optional<String> cudaUnavailable;
  private final String inputName;
  private final String outputName;
  private final Set<String> outputs;
  private final long[] imageShape;
  private final int imageSize;
  private final int dimension;

  private OnnxModel(
      SessionFactory.OpenedSession opened, ModelContract.Checked checked, long version, Path file) {
    this.env = OrtRuntime.environment();
    this.session = opened.session();
    this.provider = opened.provider();
    this.cudaUnavailable = opened.cudaUnavailable();
    this.card = checked.card();
    this.inputName = checked.inputName();
    this.outputName = checked.outputName();
    this.outputs = Set.of(outputName);
    this.version = version;
    this.file = file;
    PreprocessingSpec spec = card.preprocessing();
    this.imageShape = new long[] {spec.channels(), spec.height(), spec.width()};
    this.imageSize = spec.tensorSize();
    this.dimension = card.embeddingDimension();
  }

  /**
   * Loads and validates a model file.
   *
   * @throws ModelLoadException naming the file, when it is missing, not a valid ONNX model, has no
   *     valid card, or its tensors disagree with the card
   */
  public static OnnxModel load(Path file, long version, RuntimeOptions options)
      throws ModelLoadException {
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(file, "file not found");
    }
    SessionFactory.OpenedSession opened = SessionFactory.open(file, options);
    try {
      return new OnnxModel(opened, ModelContract.check(opened.session(), file), version, file);
    } catch (ModelLoadException | RuntimeException e) {
      closeQuietly(opened.session(), e);
      throw e;
    }
  }

  /**
   * Embeds {@code count} images laid out back to back in {@code images} (from its position, {@link
   * #imageSize()} floats each). A direct, native-order buffer is handed to ONNX Runtime without a
   * copy.
   *
   * @return one embedding of {@link #dimension()} floats an image
   */
  public float[][] embed(FloatBuffer images, int count) throws OrtException {
    if (images.remaining() != count * imageSize) {
      throw new IllegalArgumentException(
          "expected "
              + count * imageSize
              + " floats for "
              + count
              + " images, got "
              + images.remaining());
    }
    long[] shape = {count, imageShape[0], imageShape[1], imageShape[2]};
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, images, shape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor), outputs)) {
      OnnxValue value = result.get(0);
      if (!(value instanceof OnnxTensor out)) {
        throw new IllegalStateException("output '" + outputName + "' is not a tensor");
      }
      long[] outShape = out.getInfo().getShape();
      if (outShape.length != 2 || outShape[0] != count || outShape[1] != dimension) {
        throw new IllegalStateException(
            "output '"
                + outputName
                + "' has shape "
                + Arrays.toString(outShape)
                + ", expected ["
                + count
                + ", "
                + dimension
                + "]");
      }
      FloatBuffer floats = out.getFloatBuffer();
      float[][] embeddings = new float[count][dimension];
      for (float[] embedding : embeddings) {
        floats.get(embedding);
      }
      return embeddings;
    }
  }

  /** Embeds images given as arrays (copied into a direct buffer first). */
  public float[][] embed(float[][] images) throws OrtException {
    FloatBuffer buffer = allocate(images.length);
    for (float[] image : images) {
      buffer.put(image);
    }
    buffer.flip();
    return embed(buffer, images.length);
  }

  /** A direct, native-order buffer for {@code count} images. */
  public FloatBuffer allocate(int count) {
    return ByteBuffer.allocateDirect(count * imageSize * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  /**
   * Runs zero images at batch 1 and at {@code maxBatch}, {@code runs} times each, so that the first
   * request does not pay for ONNX Runtime's lazy allocations (or CUDA's kernel loading).
   */
  public void warmUp(int maxBatch, int runs) throws OrtException {
    FloatBuffer zeros = allocate(maxBatch);
    for (int run = 0; run < runs; run++) {
      for (int batch : new int[] {1, maxBatch}) {
        zeros.clear().limit(batch * imageSize);
        embed(zeros, batch);
      }
    }
  }

  /** The model card read from the model. */
  public ModelCard card() {
    return card;
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

  /** Floats in one embedding. */
  public int dimension() {
    return dimension;
  }

  /** The image input's name. */
  public String inputName() {
    return inputName;
  }

  /** The embedding output's name. */
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
