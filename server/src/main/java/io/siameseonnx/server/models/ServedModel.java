package io.siameseonnx.server.models;

import ai.onnxruntime.OrtException;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.server.batching.BatchModel;
import io.siameseonnx.server.runtime.Device;
import io.siameseonnx.server.runtime.OnnxModel;
import io.siameseonnx.shared.image.ImagePreprocessor;
import java.nio.FloatBuffer;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded model with the preprocessor of its card and a reference count: the model slot holds one
 * reference, and each request and each batch in flight holds another, so a model swapped out by a
 * hot reload is closed only after the last request that uses it has finished.
 */
public final class ServedModel implements BatchModel {
  private static final Logger LOG = LoggerFactory.getLogger(ServedModel.class);

  private final OnnxModel onnx;
  private final ImagePreprocessor preprocessor;
  private final ModelInfo info;
  private final Instant loadedAt;
  private final AtomicInteger references = new AtomicInteger(1);

  /** Wraps a loaded model; the caller's reference is the one {@link #retire()} drops. */
  public ServedModel(OnnxModel onnx) {
    this.onnx = onnx;
    ModelCard card = onnx.card();
    this.preprocessor = new ImagePreprocessor(card.preprocessing());
    this.info =
        new ModelInfo(
            card.name(),
            onnx.version(),
            card.embeddingDimension(),
            card.distanceMetric(),
            card.threshold(),
            onnx.provider());
    this.loadedAt = Instant.now();
  }

  /** The loaded model; use it only while holding a reference. */
  public OnnxModel onnx() {
    return onnx;
  }

  /** The preprocessor that follows the model's card. */
  public ImagePreprocessor preprocessor() {
    return preprocessor;
  }

  /** A snapshot of the model's facts. */
  public ModelInfo info() {
    return info;
  }

  /** The model card. */
  public ModelCard card() {
    return onnx.card();
  }

  /** When the model was loaded. */
  public Instant loadedAt() {
    return loadedAt;
  }

  @Override
  public int itemSize() {
    return onnx.itemSize();
  }

  @Override
  public float[][] run(FloatBuffer items, int count) throws OrtException {
    return onnx.run(items, count);
  }

  /** One batch at a time on CUDA; on the CPU, as many as the batcher has instances. */
  @Override
  public int maxConcurrentRuns() {
    return onnx.provider() == Device.CUDA ? 1 : Integer.MAX_VALUE;
  }

  @Override
  public String describe() {
    return info.name() + " version " + info.version();
  }

  /** Takes a reference unless the model has already been closed. */
  @Override
  public boolean tryAcquire() {
    while (true) {
      int n = references.get();
      if (n <= 0) {
        return false;
      }
      if (references.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one closes the session. */
  @Override
  public void release() {
    if (references.decrementAndGet() == 0) {
      try {
        onnx.close();
        LOG.info("Unloaded {} version {}", info.name(), info.version());
      } catch (OrtException e) {
        LOG.warn("Closing {} version {} failed: {}", info.name(), info.version(), e.getMessage());
      }
    }
  }

  /** Drops the owner's reference: the model closes once no request uses it. */
  public void retire() {
    release();
  }

  /** Whether the session has been closed. */
  public boolean isClosed() {
    return references.get() <= 0;
  }
}
