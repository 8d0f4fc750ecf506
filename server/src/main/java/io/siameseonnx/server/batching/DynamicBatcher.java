package io.siameseonnx.server.batching;

import io.siameseonnx.server.errors.InferenceException;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.server.models.ServedModel;
import io.siameseonnx.server.runtime.ModelLoadException;
import io.siameseonnx.server.runtime.OnnxModel;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces the images of concurrent requests into ONNX Runtime calls of up to {@code maxBatchSize}
 * images, on one inference thread, like Triton's dynamic batcher.
 *
 * <p>A request first {@linkplain #admit(int) reserves} room for its images in the bounded queue (so
 * an overloaded server refuses it before spending CPU on decoding), then preprocesses them on its
 * own thread and {@linkplain Ticket#submit submits} them. The inference thread takes the queued
 * images of one model, up to the batch size; when the batch is not full and admitted images are
 * still being preprocessed, it waits for them, but never longer than {@code maxQueueDelay} after
 * the oldest image was queued. A lone request is therefore run at once (no delay at concurrency 1),
 * while under load the batch fills during the previous call. A request larger than the batch size
 * is split across calls, and images of different model versions (around a hot reload) are never
 * mixed in one call.
 */
public final class DynamicBatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

  private final BatcherOptions options;
  private final long maxDelayNanos;
  private final BatcherListener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private final Thread worker;

  /** Images admitted and not yet taken into a batch: queued or still being preprocessed. */
  private int admitted;

  private boolean closed;

  /** The inference thread's reusable input buffer. */
  private FloatBuffer buffer;

  /** Starts the batcher's inference thread. */
  public DynamicBatcher(BatcherOptions options, BatcherListener listener) {
    this.options = options;
    this.maxDelayNanos = options.maxQueueDelay().toNanos();
    this.listener = listener;
    this.worker = new Thread(this::loop, "inference-batcher");
    worker.setDaemon(true);
    worker.start();
  }

  /** The settings. */
  public BatcherOptions options() {
    return options;
  }

  /**
   * Reserves room for {@code images} images.
   *
   * @throws OverloadedException when the queue has no room, or the batcher is closed
   */
  public Ticket admit(int images) {
    if (images < 1) {
      throw new IllegalArgumentException("a request needs at least one image");
    }
    lock.lock();
    try {
      if (closed) {
        listener.onRejected(images);
        throw new OverloadedException("the server is shutting down", true);
      }
      if (admitted + images > options.queueCapacity()) {
        listener.onRejected(images);
        throw new OverloadedException(
            "the inference queue is full ("
                + admitted
                + " of "
                + options.queueCapacity()
                + " images waiting); retry later",
            false);
      }
      admitted += images;
    } finally {
      lock.unlock();
    }
    return new Ticket(images);
  }

  /** Images queued and waiting for a batch (the queue depth). */
  public int queuedImages() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Images admitted and not yet in a batch: queued, or reserved and still being preprocessed. */
  public int admittedImages() {
    lock.lock();
    try {
      return admitted;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses new requests, lets the inference thread finish everything admitted before, and waits
   * for it up to {@code timeout}.
   */
  public void close(Duration timeout) {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      worker.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      LOG.warn("The inference thread did not finish within {}", timeout);
    }
  }

  /** Closes with a 30 s limit. */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /** Room reserved in the queue for one request's images; close it if they are never submitted. */
  public final class Ticket implements AutoCloseable {
    private final int images;
    private boolean done;

    private Ticket(int images) {
      this.images = images;
    }

    /**
     * Queues the request's preprocessed images for {@code model} (one {@link OnnxModel#imageSize()}
     * array each, as many as were admitted).
     *
     * @return the embeddings in the order of {@code inputs}
     */
    public CompletableFuture<float[][]> submit(ServedModel model, float[][] inputs) {
      if (done) {
        throw new IllegalStateException("ticket already used");
      }
      if (inputs.length != images) {
        throw new IllegalArgumentException(
            "admitted " + images + " images, submitted " + inputs.length);
      }
      int size = model.embedder().imageSize();
      for (float[] input : inputs) {
        if (input.length != size) {
          throw new IllegalArgumentException(
              "an image has " + input.length + " floats, the model takes " + size);
        }
      }
      if (!model.tryAcquire()) {
        throw new NotReadyException("the model was unloaded");
      }
      done = true;
      Pending pending = new Pending(model, images);
      long now = System.nanoTime();
      lock.lock();
      try {
        for (int i = 0; i < inputs.length; i++) {
          queue.addLast(new Item(model, inputs[i], pending, i, now));
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      return pending.future;
    }

    /** Gives the room back if nothing was submitted. */
    @Override
    public void close() {
      if (!done) {
        done = true;
        lock.lock();
        try {
          admitted -= images;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  private record Item(ServedModel model, float[] input, Pending owner, int index, long queuedAt) {}

  /** One request's images: completes when the last of them has its embedding. */
  private static final class Pending {
    private final ServedModel model;
    private final float[][] results;
    private final AtomicInteger remaining;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final CompletableFuture<float[][]> future = new CompletableFuture<>();

    Pending(ServedModel model, int images) {
      this.model = model;
      this.results = new float[images][];
      this.remaining = new AtomicInteger(images);
    }

    void complete(int index, float[] embedding) {
      results[index] = embedding;
      if (remaining.decrementAndGet() == 0 && finished.compareAndSet(false, true)) {
        model.release();
        future.complete(results);
      }
    }

    void fail(Throwable error) {
      if (finished.compareAndSet(false, true)) {
        model.release();
        future.completeExceptionally(error);
      }
    }
  }

  private void loop() {
    int max = options.maxBatchSize();
    List<Item> batch = new ArrayList<>(max);
    while (true) {
      long oldest;
      lock.lock();
      try {
        while (queue.isEmpty()) {
          if (closed && admitted == 0) {
            return;
          }
          changed.awaitUninterruptibly();
        }
        Item head = queue.peekFirst();
        ServedModel model = head.model();
        oldest = head.queuedAt();
        long deadline = oldest + maxDelayNanos;
        while (true) {
          int ready = leadingImagesOf(model, max);
          // Run when full, when the next image is another model's, or when nothing more is coming.
          if (ready >= max || ready < queue.size() || maxDelayNanos == 0) {
            break;
          }
          boolean morePending = admitted > queue.size();
          long wait = deadline - System.nanoTime();
          if (!morePending || wait <= 0) {
            break;
          }
          try {
            changed.awaitNanos(wait);
          } catch (InterruptedException e) {
            // Only close() stops this thread; an interrupt just ends this wait.
          }
        }
        while (batch.size() < max && !queue.isEmpty() && queue.peekFirst().model() == model) {
          batch.add(queue.pollFirst());
        }
        admitted -= batch.size();
      } finally {
        lock.unlock();
      }
      run(batch, oldest);
      batch.clear();
    }
  }

  /** How many images at the head of the queue belong to {@code model}, up to {@code max}. */
  private int leadingImagesOf(ServedModel model, int max) {
    int n = 0;
    for (Item item : queue) {
      if (n == max || item.model() != model) {
        break;
      }
      n++;
    }
    return n;
  }

  private void run(List<Item> batch, long oldest) {
    int n = batch.size();
    OnnxModel embedder = batch.get(0).model().embedder();
    int size = embedder.imageSize();
    if (buffer == null || buffer.capacity() < n * size) {
      buffer = embedder.allocate(Math.max(n, options.maxBatchSize()));
    }
    buffer.clear();
    for (Item item : batch) {
      buffer.put(item.input());
    }
    buffer.flip();
    long start = System.nanoTime();
    float[][] embeddings;
    try {
      embeddings = embedder.embed(buffer, n);
    } catch (Exception | LinkageError e) {
      long took = System.nanoTime() - start;
      listener.onBatch(n, start - oldest, took, true);
      LOG.error(
          "Inference failed on a batch of {} images for version {}", n, embedder.version(), e);
      InferenceException failure =
          new InferenceException(
              "inference failed: " + ModelLoadException.oneLine(e.getMessage()), e);
      for (Item item : batch) {
        item.owner().fail(failure);
      }
      return;
    }
    listener.onBatch(n, start - oldest, System.nanoTime() - start, false);
    for (int i = 0; i < n; i++) {
      Item item = batch.get(i);
      item.owner().complete(item.index(), embeddings[i]);
    }
  }
}
