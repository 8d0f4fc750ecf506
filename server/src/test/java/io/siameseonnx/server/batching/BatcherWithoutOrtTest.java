package io.siameseonnx.server.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.server.errors.InferenceException;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batcher on a plain-Java model: routing, giving up, failures and references. */
class BatcherWithoutOrtTest {
  /** Items of two floats; the result of an item is their sum. Can hold its first run. */
  static final class SumModel implements BatchModel {
    final List<Float> seen = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    final List<Thread> runners = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger mostActive = new AtomicInteger();
    final AtomicInteger references = new AtomicInteger();
    final CountDownLatch running = new CountDownLatch(1);
    volatile CountDownLatch hold = new CountDownLatch(0);
    volatile boolean fail;
    int maxConcurrentRuns = Integer.MAX_VALUE;

    @Override
    public int maxConcurrentRuns() {
      return maxConcurrentRuns;
    }

    /** Waits until {@code n} runs are inside the model at once. */
    void awaitActive(int n) throws InterruptedException {
      while (active.get() < n) {
        Thread.sleep(1);
      }
    }

    @Override
    public int itemSize() {
      return 2;
    }

    @Override
    public float[][] run(FloatBuffer items, int count) throws Exception {
      batchSizes.add(count);
      runners.add(Thread.currentThread());
      mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
      running.countDown();
      try {
        hold.await();
      } finally {
        active.decrementAndGet();
      }
      if (fail) {
        throw new IllegalStateException("model exploded\nsecond line");
      }
      float[][] out = new float[count][];
      for (int i = 0; i < count; i++) {
        float a = items.get();
        float b = items.get();
        seen.add(a);
        out[i] = new float[] {a == -13f ? Float.NaN : a + b};
      }
      return out;
    }

    @Override
    public boolean tryAcquire() {
      references.incrementAndGet();
      return true;
    }

    @Override
    public void release() {
      references.decrementAndGet();
    }

    @Override
    public String describe() {
      return "sum";
    }
  }

  final AtomicInteger expired = new AtomicInteger();
  final AtomicInteger nonFinite = new AtomicInteger();
  final BatcherListener listener =
      new BatcherListener() {
        @Override
        public void onBatch(int size, long queueWaitNanos, long inferenceNanos, boolean failed) {}

        @Override
        public void onRejected(int images) {}

        @Override
        public void onExpired(int items) {
          expired.addAndGet(items);
        }

        @Override
        public void onNonFinite(int items) {
          nonFinite.addAndGet(items);
        }
      };
  final DynamicBatcher batcher =
      new DynamicBatcher(new BatcherOptions(4, Duration.ZERO, 64), listener);

  @AfterEach
  void close() {
    batcher.close(Duration.ofSeconds(5));
  }

  private CompletableFuture<float[][]> submit(SumModel model, float... firsts) {
    float[][] items = new float[firsts.length][];
    for (int i = 0; i < firsts.length; i++) {
      items[i] = new float[] {firsts[i], 0.5f};
    }
    return batcher.admit(items.length).submit(model, items);
  }

  private DynamicBatcher twoInstances(int maxBatch, Duration delay) {
    return new DynamicBatcher(new BatcherOptions(maxBatch, delay, 64, 2), listener);
  }

  private static CompletableFuture<float[][]> submitTo(
      DynamicBatcher batcher, SumModel model, float first) {
    return batcher.admit(1).submit(model, new float[][] {{first, 0.5f}});
  }

  private CompletableFuture<float[][]> submitOrRun(
      DynamicBatcher.Ticket ticket, SumModel model, float first) {
    return ticket.submitOrRun(model, new float[][] {{first, 0.5f}});
  }

  @Test
  void twoInstancesRunTwoBatchesAtOnceAndTheThirdWaitsForOne() throws Exception {
    SumModel model = new SumModel();
    model.hold = new CountDownLatch(1);
    try (DynamicBatcher two = twoInstances(4, Duration.ZERO)) {
      CompletableFuture<float[][]> first = submitTo(two, model, 1);
      model.awaitActive(1);
      CompletableFuture<float[][]> second = submitTo(two, model, 2);
      model.awaitActive(2);
      CompletableFuture<float[][]> third = submitTo(two, model, 3);
      // A grace period for a third run that must not start; not a timing assertion.
      Thread.sleep(200);
      assertThat(model.active.get()).isEqualTo(2);
      assertThat(third).isNotDone();
      assertThat(model.runners).doesNotContain(Thread.currentThread()).doesNotHaveDuplicates();
      model.hold.countDown();
      assertThat(first.get()[0]).containsExactly(1.5f);
      assertThat(second.get()[0]).containsExactly(2.5f);
      assertThat(third.get()[0]).containsExactly(3.5f);
      assertThat(model.mostActive.get()).isEqualTo(2);
      assertThat(two.admittedImages()).isZero();
    }
    assertThat(model.references.get()).isZero();
  }

  @Test
  void aModelThatRunsOneBatchAtATimeGetsOneInstanceAndALoneRequestDoesNotJumpIn() throws Exception {
    SumModel model = new SumModel();
    model.maxConcurrentRuns = 1;
    model.hold = new CountDownLatch(1);
    try (DynamicBatcher two = twoInstances(4, Duration.ZERO)) {
      CompletableFuture<float[][]> first = submitTo(two, model, 1);
      model.awaitActive(1);
      CompletableFuture<float[][]> second = submitTo(two, model, 2);
      // The queue is not empty, so this one queues too instead of running on this thread.
      CompletableFuture<float[][]> lone =
          two.admit(1).submitOrRun(model, new float[][] {{4, 0.5f}});
      Thread.sleep(200);
      assertThat(model.active.get()).isEqualTo(1);
      assertThat(second).isNotDone();
      assertThat(lone).isNotDone();
      model.hold.countDown();
      assertThat(first.get()[0]).containsExactly(1.5f);
      assertThat(second.get()[0]).containsExactly(2.5f);
      assertThat(lone.get()[0]).containsExactly(4.5f);
      assertThat(model.mostActive.get()).isEqualTo(1);
      assertThat(model.runners).doesNotContain(Thread.currentThread());
    }
    assertThat(model.references.get()).isZero();
  }

  @Test
  void whileABatchRunsAnotherInstanceWaitsForAFullBatchNotForEachImage() throws Exception {
    SumModel model = new SumModel();
    model.hold = new CountDownLatch(1);
    try (DynamicBatcher two = twoInstances(2, Duration.ofSeconds(30))) {
      CompletableFuture<float[][]> first = submitTo(two, model, 1);
      model.awaitActive(1);
      // A lone request on a busy batcher queues instead of running on this thread.
      CompletableFuture<float[][]> lone =
          two.admit(1).submitOrRun(model, new float[][] {{2, 0.5f}});
      Thread.sleep(200);
      assertThat(model.active.get()).isEqualTo(1);
      assertThat(lone).isNotDone();
      // With a second image the queue holds a full batch, which the free instance takes.
      CompletableFuture<float[][]> second = submitTo(two, model, 3);
      model.awaitActive(2);
      assertThat(model.batchSizes).containsExactly(1, 2);
      model.hold.countDown();
      assertThat(first.get()[0]).containsExactly(1.5f);
      assertThat(lone.get()[0]).containsExactly(2.5f);
      assertThat(second.get()[0]).containsExactly(3.5f);
      assertThat(model.runners).doesNotContain(Thread.currentThread());
    }
  }

  @Test
  void aLoneRequestOnAnIdleBatcherRunsOnItsOwnThread() throws Exception {
    SumModel model = new SumModel();
    CompletableFuture<float[][]> lone = submitOrRun(batcher.admit(1), model, 3);
    assertThat(lone).isDone();
    assertThat(lone.get()[0]).containsExactly(3.5f);
    assertThat(model.runners).containsExactly(Thread.currentThread());
    assertThat(batcher.admittedImages()).isZero();
    assertThat(model.references.get()).isZero();
  }

  @Test
  void requestsThatComeWhileALoneRequestRunsInlineWaitAndShareTheNextBatch() throws Exception {
    SumModel model = new SumModel();
    model.hold = new CountDownLatch(1);
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<CompletableFuture<float[][]>> lone =
          caller.submit(() -> submitOrRun(batcher.admit(1), model, 1));
      model.running.await();
      // The batcher is busy with the lone request, so these queue up instead of running inline.
      CompletableFuture<float[][]> second = submitOrRun(batcher.admit(1), model, 2);
      CompletableFuture<float[][]> third = submitOrRun(batcher.admit(1), model, 3);
      assertThat(second).isNotDone();
      assertThat(third).isNotDone();
      model.hold.countDown();
      assertThat(lone.get().get()[0]).containsExactly(1.5f);
      assertThat(second.get()[0]).containsExactly(2.5f);
      assertThat(third.get()[0]).containsExactly(3.5f);
    } finally {
      caller.shutdownNow();
    }
    assertThat(model.batchSizes).containsExactly(1, 2);
    assertThat(model.mostActive.get()).isEqualTo(1);
    assertThat(model.runners.get(1)).isNotSameAs(model.runners.get(0));
    assertThat(model.runners.get(1)).isNotSameAs(Thread.currentThread());
    assertThat(model.references.get()).isZero();
  }

  @Test
  void onAnIdleBatcherTheRunnerRunsTheClaimingRequestWithThoseQueuedBeforeItRuns()
      throws Exception {
    SumModel model = new SumModel();
    List<Runnable> later = Collections.synchronizedList(new ArrayList<>());
    try (DynamicBatcher two = twoInstances(4, Duration.ofSeconds(30))) {
      CompletableFuture<float[][]> first =
          two.admit(1).submitOrRunWith(model, new float[][] {{1, 0.5f}}, later::add);
      // The first claimed an instance; these are queued for it, not handed to the runner again.
      CompletableFuture<float[][]> second =
          two.admit(1).submitOrRunWith(model, new float[][] {{2, 0.5f}}, later::add);
      CompletableFuture<float[][]> third =
          two.admit(1).submitOrRunWith(model, new float[][] {{3, 0.5f}}, later::add);
      // A grace period in which the batcher's threads must leave the queue alone.
      Thread.sleep(200);
      assertThat(later).hasSize(1);
      assertThat(model.batchSizes).isEmpty();
      assertThat(first).isNotDone();
      later.get(0).run();
      assertThat(first.get()[0]).containsExactly(1.5f);
      assertThat(second.get()[0]).containsExactly(2.5f);
      assertThat(third.get()[0]).containsExactly(3.5f);
      assertThat(model.batchSizes).containsExactly(3);
      assertThat(model.runners).containsExactly(Thread.currentThread());
      assertThat(two.admittedImages()).isZero();
    }
    assertThat(model.references.get()).isZero();
  }

  @Test
  void onABusyBatcherARequestWithARunnerIsQueuedForTheBatchersThreads() throws Exception {
    SumModel model = new SumModel();
    model.hold = new CountDownLatch(1);
    List<Runnable> later = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<float[][]> first = submit(model, 1);
    model.running.await();
    CompletableFuture<float[][]> queued =
        batcher.admit(1).submitOrRunWith(model, new float[][] {{2, 0.5f}}, later::add);
    model.hold.countDown();
    assertThat(first.get()[0]).containsExactly(1.5f);
    assertThat(queued.get()[0]).containsExactly(2.5f);
    assertThat(later).isEmpty();
    assertThat(model.runners).doesNotContain(Thread.currentThread());
    assertThat(model.references.get()).isZero();
  }

  @Test
  void whileAnotherRequestIsBeingPreparedARequestWithARunnerIsQueuedToWaitForIt() throws Exception {
    SumModel model = new SumModel();
    List<Runnable> later = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<float[][]> queued;
    try (DynamicBatcher.Ticket preparing = batcher.admit(1)) {
      queued = batcher.admit(1).submitOrRunWith(model, new float[][] {{5, 0.5f}}, later::add);
    }
    assertThat(queued.get()[0]).containsExactly(5.5f);
    assertThat(later).isEmpty();
    assertThat(model.runners).doesNotContain(Thread.currentThread());
  }

  @Test
  void aRunnerThatRefusesTheBatchLeavesItToTheCallingThread() throws Exception {
    SumModel model = new SumModel();
    CompletableFuture<float[][]> lone =
        batcher
            .admit(1)
            .submitOrRunWith(
                model,
                new float[][] {{4, 0.5f}},
                task -> {
                  throw new RejectedExecutionException("shutting down");
                });
    assertThat(lone).isDone();
    assertThat(lone.get()[0]).containsExactly(4.5f);
    assertThat(model.runners).containsExactly(Thread.currentThread());
    assertThat(batcher.admittedImages()).isZero();
    assertThat(model.references.get()).isZero();
  }

  @Test
  void aRequestIsQueuedWhileAnotherIsStillBeingPrepared() throws Exception {
    SumModel model = new SumModel();
    CompletableFuture<float[][]> queued;
    try (DynamicBatcher.Ticket preparing = batcher.admit(1)) {
      queued = submitOrRun(batcher.admit(1), model, 5);
    }
    assertThat(queued.get()[0]).containsExactly(5.5f);
    assertThat(model.runners).doesNotContain(Thread.currentThread());
  }

  @Test
  void theItemsOfARequestThatGaveUpAreNotComputed() throws Exception {
    SumModel model = new SumModel();
    model.hold = new CountDownLatch(1);
    CompletableFuture<float[][]> first = submit(model, 1);
    model.running.await();
    CompletableFuture<float[][]> gaveUp = submit(model, 2, 3);
    CompletableFuture<float[][]> last = submit(model, 4);
    gaveUp.cancel(false);
    model.hold.countDown();

    assertThat(first.get()[0]).containsExactly(1.5f);
    assertThat(last.get()[0]).containsExactly(4.5f);
    assertThat(model.seen).containsExactly(1f, 4f);
    assertThat(expired.get()).isEqualTo(2);
    assertThat(batcher.admittedImages()).isZero();
    assertThat(model.references.get()).isZero();
  }

  @Test
  void concurrentRequestsGetTheirOwnResultsAcrossBatches() throws Exception {
    SumModel model = new SumModel();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        int client = c;
        done.add(
            clients.submit(
                () -> {
                  Random random = new Random(client);
                  for (int r = 0; r < 30; r++) {
                    float[] firsts = new float[1 + random.nextInt(9)];
                    for (int i = 0; i < firsts.length; i++) {
                      firsts[i] = client * 1000 + r * 10 + i;
                    }
                    float[][] results = submit(model, firsts).get();
                    for (int i = 0; i < firsts.length; i++) {
                      assertThat(results[i]).containsExactly(firsts[i] + 0.5f);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      clients.shutdownNow();
    }
    assertThat(model.references.get()).isZero();
    assertThat(batcher.admittedImages()).isZero();
  }

  @Test
  void aFailedRunFailsEveryRequestInItAndKeepsNoReference() throws Exception {
    SumModel model = new SumModel();
    model.fail = true;
    CompletableFuture<float[][]> a = submit(model, 1, 2);
    assertThatThrownBy(a::get)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InferenceException.class)
        .cause()
        .hasMessage("inference failed: model exploded | second line");
    model.fail = false;
    assertThat(submit(model, 7).get()[0]).containsExactly(7.5f);
    assertThat(model.references.get()).isZero();
  }

  @Test
  void aRequestWhoseOutputIsNotFiniteFailsAloneAndIsCounted() throws Exception {
    SumModel model = new SumModel();
    model.hold = new CountDownLatch(1);
    CompletableFuture<float[][]> first = submit(model, 1);
    model.running.await();
    // These two are queued together and run in one batch.
    CompletableFuture<float[][]> poisoned = submit(model, -13, 2);
    CompletableFuture<float[][]> healthy = submit(model, 4);
    model.hold.countDown();
    assertThat(first.get()[0]).containsExactly(1.5f);
    assertThat(healthy.get()[0]).containsExactly(4.5f);
    assertThatThrownBy(poisoned::get)
        .hasCauseInstanceOf(InferenceException.class)
        .cause()
        .hasMessageContaining("not a finite number");
    assertThat(nonFinite.get()).isEqualTo(1);
    assertThat(model.references.get()).isZero();
  }
}
