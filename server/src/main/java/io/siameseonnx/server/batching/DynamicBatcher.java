package io.siameseonnx.server.batching;

import io.siameseonnx.server.errors.InferenceException;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.errors.OneLine;
import io.siameseonnx.server.errors.OverloadedException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces the items of concurrent requests into calls of up to {@code maxBatchSize} items of one
 * {@link BatchModel}, like Triton's dynamic batcher, running up to {@linkplain
 * BatcherOptions#instances() instances} batches at once, each on a thread of its own.
 *
 * <p>A request first {@linkplain #admit(int) reserves} room for its items in the bounded queue (so
 * an overloaded server refuses it before spending CPU on decoding), then prepares them on its own
 * thread and {@linkplain Ticket#submit submits} them. A free batcher thread takes the queued items
 * of one model, up to the batch size; when the batch is not full and admitted items are still being
 * prepared, it waits for them, but never longer than {@code maxQueueDelay} after the oldest item
 * was queued. A lone request is therefore run at once (no delay at concurrency 1), while under load
 * the batch fills during the previous call. With several instances, the first free one takes what
 * is queued as above, and the others only a full batch or one whose oldest item has waited the max
 * delay, so that under load batches stay as large as with one instance and the other instances take
 * the overflow; no more than the model's {@linkplain BatchModel#maxConcurrentRuns() own limit} run
 * at once. When the batcher is idle (nothing queued, running or being prepared), {@link
 * Ticket#submitOrRun} runs a lone request's batch on the request's own thread, sparing it two
 * thread hand-offs; that run counts as an instance's. {@link Ticket#submitOrRunWith} is the same
 * for a caller on a transport's event loop (gRPC's), which must not wait: the batch runs on the
 * loop once it has handled what it read, and takes along the requests read with this one. A request
 * larger than the batch size is split across calls; items of different model versions (around a hot
 * reload) are never mixed in one call; and items whose request has already given up (its future
 * cancelled, e.g. on a timeout) are dropped instead of computed.
 */
public final class DynamicBatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

  private final BatcherOptions options;
  private final long maxDelayNanos;
  private final BatcherListener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private final List<Thread> workers = new ArrayList<>();

  /** Input buffers of the runs, one an instance at most; taken and given back under the lock. */
  private final ArrayDeque<FloatBuffer> buffers = new ArrayDeque<>();

  /** Items admitted and not yet taken into a batch: queued or still being prepared. */
  private int admitted;

  private boolean closed;

  /** Batches being run, by the batcher's threads or by lone requests' own threads. */
  private int running;

  /** A batcher thread is waiting for its batch to fill; the others leave the queue to it. */
  private boolean filling;

  /**
   * Starts the batcher's threads, one an instance, named {@code name} (and {@code -1}, {@code -2}
   * ... after it when there are several).
   */
  public DynamicBatcher(String name, BatcherOptions options, BatcherListener listener) {
    this.options = options;
    this.maxDelayNanos = options.maxQueueDelay().toNanos();
    this.listener = listener;
    for (int i = 0; i < options.instances(); i++) {
      Thread worker = new Thread(this::loop, options.instances() == 1 ? name : name + "-" + i);
      worker.setDaemon(true);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
  }

  /** Starts a batcher whose threads are named {@code inference-batcher}. */
  public DynamicBatcher(BatcherOptions options, BatcherListener listener) {
    this("inference-batcher", options, listener);
  }

  /** The settings. */
  public BatcherOptions options() {
    return options;
  }

  /**
   * Reserves room for {@code items} items.
   *
   * @throws OverloadedException when the queue has no room, or the batcher is closed
   */
  public Ticket admit(int items) {
    if (items < 1) {
      throw new IllegalArgumentException("a request needs at least one item");
    }
    lock.lock();
    try {
      if (closed) {
        listener.onRejected(items);
        throw new OverloadedException("the server is shutting down", true);
      }
      if (admitted + items > options.queueCapacity()) {
        listener.onRejected(items);
        throw new OverloadedException(
            "the inference queue is full ("
                + admitted
                + " of "
                + options.queueCapacity()
                + " images waiting); retry later",
            false);
      }
      admitted += items;
    } finally {
      lock.unlock();
    }
    return new Ticket(items);
  }

  /** Items queued and waiting for a batch (the queue depth). */
  public int queuedImages() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Items admitted and not yet in a batch: queued, or reserved and still being prepared. */
  public int admittedImages() {
    lock.lock();
    try {
      return admitted;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses new requests, lets the batcher's threads finish everything admitted before, and waits
   * for them up to {@code timeout}.
   */
  public void close(Duration timeout) {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread worker : workers) {
      try {
        worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (worker.isAlive()) {
        LOG.warn("The batcher thread {} did not finish within {}", worker.getName(), timeout);
      }
    }
  }

  /** Closes with a 30 s limit. */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /** Room reserved in the queue for one request's items; close it if they are never submitted. */
  public final class Ticket implements AutoCloseable {
    private final int items;
    private boolean done;

    private Ticket(int items) {
      this.items = items;
    }

    /**
     * Queues the request's items for {@code model} ({@link BatchModel#itemSize()} floats each, as
     * many as were admitted). Cancelling the returned future drops the items not yet run.
     *
     * @return the results in the order of {@code inputs}
     * @throws NotReadyException when the model has been closed meanwhile
     */
    public CompletableFuture<float[][]> submit(BatchModel model, float[][] inputs) {
      Pending pending = take(model, inputs);
      long now = System.nanoTime();
      lock.lock();
      try {
        enqueue(model, inputs, pending, now);
      } finally {
        lock.unlock();
      }
      return pending.future;
    }

    /**
     * As {@link #submit}, but when nothing is queued, running or admitted besides this request and
     * the items fit one batch, runs them at once on the calling thread and returns a completed
     * future: at concurrency 1 this spares the wake-up of a batcher thread and the wake-up of the
     * caller. Otherwise the items are queued as by {@link #submit}.
     */
    public CompletableFuture<float[][]> submitOrRun(BatchModel model, float[][] inputs) {
      Pending pending = take(model, inputs);
      long now = System.nanoTime();
      boolean inline;
      FloatBuffer buffer = null;
      lock.lock();
      try {
        inline =
            !closed
                && running == 0
                && queue.isEmpty()
                && admitted == items
                && items <= options.maxBatchSize();
        if (inline) {
          running++;
          admitted -= items;
          buffer = buffers.pollFirst();
        } else {
          enqueue(model, inputs, pending, now);
        }
      } finally {
        lock.unlock();
      }
      if (inline) {
        List<Item> batch = new ArrayList<>(items);
        for (int i = 0; i < inputs.length; i++) {
          batch.add(new Item(model, inputs[i], pending, i, now));
        }
        try {
          buffer = DynamicBatcher.this.run(batch, now, buffer);
        } finally {
          finishRun(buffer);
        }
      }
      return pending.future;
    }

    /**
     * As {@link #submit}, but when the batcher is idle (nothing queued or running) and the items
     * fit one batch, claims an instance for them and runs their batch with {@code runner} rather
     * than on a batcher thread: for a caller on a transport's event loop, whose runner runs tasks
     * once the loop has handled what it has read, so that the batch also takes the requests read
     * with this one, and a lone request spares the wake-up of a batcher thread and the loop's.
     * Otherwise (or when {@code runner} refuses the task) the items are queued as by {@link
     * #submit}.
     */
    public CompletableFuture<float[][]> submitOrRunWith(
        BatchModel model, float[][] inputs, Executor runner) {
      Pending pending = take(model, inputs);
      long now = System.nanoTime();
      boolean claimed;
      FloatBuffer buffer = null;
      lock.lock();
      try {
        claimed =
            !closed
                && running == 0
                && !filling
                && queue.isEmpty()
                && admitted == items
                && items <= options.maxBatchSize();
        if (claimed) {
          running++;
          buffer = buffers.pollFirst();
          // No signal: the claimed instance takes these, and the other instances only a full
          // batch or one that waited the max queue delay.
          for (int i = 0; i < inputs.length; i++) {
            queue.addLast(new Item(model, inputs[i], pending, i, now));
          }
        } else {
          enqueue(model, inputs, pending, now);
        }
      } finally {
        lock.unlock();
      }
      if (claimed) {
        FloatBuffer claimedBuffer = buffer;
        try {
          runner.execute(() -> runClaimed(claimedBuffer));
        } catch (RejectedExecutionException e) {
          runClaimed(claimedBuffer);
        }
      }
      return pending.future;
    }

    /** Checks the items, takes a reference on the model for them and uses up the ticket. */
    private Pending take(BatchModel model, float[][] inputs) {
      if (done) {
        throw new IllegalStateException("ticket already used");
      }
      if (inputs.length != items) {
        throw new IllegalArgumentException(
            "admitted " + items + " items, submitted " + inputs.length);
      }
      int size = model.itemSize();
      for (float[] input : inputs) {
        if (input.length != size) {
          throw new IllegalArgumentException(
              "an item has " + input.length + " floats, the model takes " + size);
        }
      }
      if (!model.tryAcquire()) {
        throw new NotReadyException("the model was unloaded");
      }
      done = true;
      return new Pending(model, items);
    }

    /** Queues the items for the batcher's threads; the lock is held. */
    private void enqueue(BatchModel model, float[][] inputs, Pending pending, long now) {
      for (int i = 0; i < inputs.length; i++) {
        queue.addLast(new Item(model, inputs[i], pending, i, now));
      }
      changed.signalAll();
    }

    /** Gives the room back if nothing was submitted. */
    @Override
    public void close() {
      if (!done) {
        done = true;
        lock.lock();
        try {
          admitted -= items;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  private record Item(BatchModel model, float[] input, Pending owner, int index, long queuedAt) {}

  /**
   * One request's items: completes when the last of them has its result, and holds a reference on
   * the model until it is done (completed, failed or cancelled by the request).
   */
  private static final class Pending {
    private final float[][] results;
    private final AtomicInteger remaining;
    private final CompletableFuture<float[][]> future = new CompletableFuture<>();

    Pending(BatchModel model, int items) {
      this.results = new float[items][];
      this.remaining = new AtomicInteger(items);
      AtomicBoolean released = new AtomicBoolean();
      future.whenComplete(
          (r, e) -> {
            if (released.compareAndSet(false, true)) {
              model.release();
            }
          });
    }

    boolean abandoned() {
      return future.isDone();
    }

    void complete(int index, float[] result) {
      results[index] = result;
      if (remaining.decrementAndGet() == 0) {
        future.complete(results);
      }
    }

    void fail(Throwable error) {
      future.completeExceptionally(error);
    }
  }

  /** How many batches of {@code model} may run at once. */
  private int limit(BatchModel model) {
    return Math.min(options.instances(), model.maxConcurrentRuns());
  }

  private void loop() {
    int max = options.maxBatchSize();
    List<Item> batch = new ArrayList<>(max);
    FloatBuffer buffer = null;
    while (true) {
      long oldest;
      int expired = 0;
      lock.lock();
      try {
        while (true) {
          expired += dropAbandoned();
          long wait = Long.MAX_VALUE;
          if (!queue.isEmpty()) {
            Item head = queue.peekFirst();
            if (!filling && running < limit(head.model())) {
              // The first instance takes what is there; the others only a full batch, or one
              // whose oldest image has waited the max queue delay: under load, batches stay as
              // large as with one instance, and the others take the overflow.
              if (running == 0 || leadingItemsOf(head.model(), max) >= max) {
                break;
              }
              wait = head.queuedAt() + maxDelayNanos - System.nanoTime();
              if (wait <= 0) {
                break;
              }
            }
            // Every instance is busy (batcher threads or lone requests' own threads), another
            // thread is filling a batch, or the queue is not worth another instance yet.
          } else if (closed && admitted == 0) {
            return;
          }
          if (wait == Long.MAX_VALUE) {
            changed.awaitUninterruptibly();
          } else {
            try {
              changed.awaitNanos(wait);
            } catch (InterruptedException e) {
              // Only close() stops this thread; an interrupt just ends this wait.
            }
          }
        }
        Item head = queue.peekFirst();
        BatchModel model = head.model();
        oldest = head.queuedAt();
        long deadline = oldest + maxDelayNanos;
        filling = true;
        while (true) {
          int ready = leadingItemsOf(model, max);
          // Run when full, when the next item is another model's, or when nothing more is coming.
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
        expired += takeLeading(model, max, batch);
        filling = false;
        if (!batch.isEmpty()) {
          running++;
          buffer = buffers.pollFirst();
        }
        if (!queue.isEmpty()) {
          // What is left is for another instance.
          changed.signalAll();
        }
      } finally {
        lock.unlock();
      }
      if (expired > 0) {
        listener.onExpired(expired);
      }
      if (!batch.isEmpty()) {
        try {
          buffer = run(batch, oldest, buffer);
        } finally {
          finishRun(buffer);
          buffer = null;
        }
        batch.clear();
      }
    }
  }

  /**
   * Runs the batch at the head of the queue on an instance claimed by {@link
   * Ticket#submitOrRunWith}: the claiming request's items and whatever was queued after them, up to
   * the batch size.
   */
  private void runClaimed(FloatBuffer claimedBuffer) {
    int max = options.maxBatchSize();
    List<Item> batch = new ArrayList<>();
    FloatBuffer buffer = claimedBuffer;
    long oldest = 0;
    int expired;
    lock.lock();
    try {
      expired = dropAbandoned();
      if (!queue.isEmpty()) {
        oldest = queue.peekFirst().queuedAt();
        expired += takeLeading(queue.peekFirst().model(), max, batch);
      }
      if (!queue.isEmpty()) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (expired > 0) {
      listener.onExpired(expired);
    }
    try {
      if (!batch.isEmpty()) {
        buffer = run(batch, oldest, buffer);
      }
    } finally {
      finishRun(buffer);
    }
  }

  /**
   * Ends a batch's run, gives its input buffer back and wakes the batcher's threads if work queued
   * meanwhile.
   */
  private void finishRun(FloatBuffer buffer) {
    lock.lock();
    try {
      running--;
      if (buffer != null) {
        buffers.addFirst(buffer);
      }
      if (!queue.isEmpty() || closed) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private static boolean allFinite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** Removes the queued items of requests that have given up; returns how many. */
  private int dropAbandoned() {
    int dropped = 0;
    var it = queue.iterator();
    while (it.hasNext()) {
      if (it.next().owner().abandoned()) {
        it.remove();
        admitted--;
        dropped++;
      }
    }
    return dropped;
  }

  /**
   * Moves the items at the head of the queue that belong to {@code model} into {@code batch}, until
   * it holds {@code max}; drops those whose request gave up and returns how many. The lock is held.
   */
  private int takeLeading(BatchModel model, int max, List<Item> batch) {
    int dropped = 0;
    while (batch.size() < max && !queue.isEmpty() && queue.peekFirst().model() == model) {
      Item item = queue.pollFirst();
      admitted--;
      if (item.owner().abandoned()) {
        dropped++;
      } else {
        batch.add(item);
      }
    }
    return dropped;
  }

  /** How many items at the head of the queue belong to {@code model}, up to {@code max}. */
  private int leadingItemsOf(BatchModel model, int max) {
    int n = 0;
    for (Item item : queue) {
      if (n == max || item.model() != model) {
        break;
      }
      n++;
    }
    return n;
  }

  /**
   * Runs a batch with {@code buffer} as its input (allocated when null or too small).
   *
   * @return the buffer used, for the next run
   */
  private FloatBuffer run(List<Item> batch, long oldest, FloatBuffer buffer) {
    int n = batch.size();
    BatchModel model = batch.get(0).model();
    int size = model.itemSize();
    if (buffer == null || buffer.capacity() < n * size) {
      buffer =
          ByteBuffer.allocateDirect(Math.max(n, options.maxBatchSize()) * size * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
    }
    buffer.clear();
    for (Item item : batch) {
      buffer.put(item.input());
    }
    buffer.flip();
    long start = System.nanoTime();
    float[][] results;
    // Each pending request holds a reference, so this cannot fail; it keeps the model open
    // even if every request of the batch gives up while it runs.
    boolean held = model.tryAcquire();
    try {
      results = model.run(buffer, n);
    } catch (Exception | LinkageError e) {
      long took = System.nanoTime() - start;
      listener.onBatch(n, start - oldest, took, true);
      LOG.error("Inference failed on a batch of {} items of {}", n, model.describe(), e);
      InferenceException failure =
          new InferenceException("inference failed: " + OneLine.of(e.getMessage()), e);
      for (Item item : batch) {
        item.owner().fail(failure);
      }
      return buffer;
    } finally {
      if (held) {
        model.release();
      }
    }
    listener.onBatch(n, start - oldest, System.nanoTime() - start, false);
    boolean[] finite = new boolean[n];
    int nonFinite = 0;
    for (int i = 0; i < n; i++) {
      finite[i] = allFinite(results[i]);
      nonFinite += finite[i] ? 0 : 1;
    }
    if (nonFinite > 0) {
      listener.onNonFinite(nonFinite);
      LOG.warn("{} of {} outputs of {} were NaN or infinite", nonFinite, n, model.describe());
    }
    for (int i = 0; i < n; i++) {
      Item item = batch.get(i);
      if (finite[i]) {
        item.owner().complete(item.index(), results[i]);
      } else {
        item.owner()
            .fail(
                new InferenceException(
                    "the model's output for an item is not a finite number", null));
      }
    }
    return buffer;
  }
}
