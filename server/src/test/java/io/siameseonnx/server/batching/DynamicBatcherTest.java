package io.siameseonnx.server.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.server.models.ModelSlot;
import io.siameseonnx.server.models.ServedModel;
import io.siameseonnx.server.runtime.OnnxModel;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicBatcherTest {
  @TempDir Path repo;
  ServedModel v1;
  ServedModel v2;
  final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
  final List<Integer> rejected = Collections.synchronizedList(new ArrayList<>());
  final BatcherListener listener =
      new BatcherListener() {
        @Override
        public void onBatch(int size, long queueWaitNanos, long inferenceNanos, boolean failed) {
          batches.add(size);
        }

        @Override
        public void onRejected(int images) {
          rejected.add(images);
        }
      };

  @BeforeEach
  void load() throws Exception {
    TestRepository models = new TestRepository(repo);
    v1 = new ServedModel(OnnxModel.load(models.writeVersion(1), 1, TestServers.cpu()));
    v2 = new ServedModel(OnnxModel.load(models.writeVersion(2), 2, TestServers.cpu()));
  }

  @AfterEach
  void unload() {
    for (ServedModel model : new ServedModel[] {v1, v2}) {
      if (model != null && !model.isClosed()) {
        model.retire();
      }
    }
  }

  private static float[][] images(int n, long seed) {
    float[][] images = new float[n][];
    for (int i = 0; i < n; i++) {
      images[i] = Images.pixels(32, 32, seed + i);
    }
    return images;
  }

  private DynamicBatcher batcher(int maxBatch, Duration delay, int capacity) {
    return new DynamicBatcher(new BatcherOptions(maxBatch, delay, capacity), listener);
  }

  @Test
  void imagesQueuedWhileOthersAreComingAreRunAsOneBatchWithTheUnbatchedResults() throws Exception {
    float[][] inputs = images(4, 10);
    try (DynamicBatcher batcher = batcher(4, Duration.ofSeconds(30), 16)) {
      List<CompletableFuture<float[][]>> results = new ArrayList<>();
      try (DynamicBatcher.Ticket straggler = batcher.admit(1)) {
        for (float[] input : inputs) {
          results.add(batcher.admit(1).submit(v1, new float[][] {input}));
        }
        for (CompletableFuture<float[][]> result : results) {
          result.get();
        }
      }
      assertThat(batches).containsExactly(4);
      for (int i = 0; i < inputs.length; i++) {
        assertThat(results.get(i).get()[0])
            .containsExactly(v1.onnx().embed(new float[][] {inputs[i]})[0]);
      }
    }
  }

  @Test
  void aLoneRequestRunsAtOnceWithoutWaitingForTheDelay() throws Exception {
    try (DynamicBatcher batcher = batcher(8, Duration.ofHours(1), 16)) {
      float[][] result = batcher.admit(1).submit(v1, images(1, 1)).get();
      assertThat(result).hasNumberOfRows(1);
      assertThat(batches).containsExactly(1);
    }
  }

  @Test
  void aRequestLargerThanTheBatchIsSplitAndReassembledInOrder() throws Exception {
    float[][] inputs = images(10, 20);
    try (DynamicBatcher batcher = batcher(4, Duration.ZERO, 16)) {
      float[][] result = batcher.admit(10).submit(v1, inputs).get();
      assertThat(batches).containsExactly(4, 4, 2);
      float[][] direct = v1.onnx().embed(inputs);
      for (int i = 0; i < inputs.length; i++) {
        assertThat(result[i]).containsExactly(direct[i]);
      }
    }
  }

  @Test
  void imagesOfTwoModelVersionsNeverShareABatch() throws Exception {
    float[][] inputs = images(2, 30);
    try (DynamicBatcher batcher = batcher(8, Duration.ofSeconds(30), 16)) {
      CompletableFuture<float[][]> first;
      CompletableFuture<float[][]> second;
      try (DynamicBatcher.Ticket straggler = batcher.admit(1)) {
        first = batcher.admit(2).submit(v1, inputs);
        second = batcher.admit(2).submit(v2, inputs);
        first.get();
      }
      second.get();
      assertThat(batches).containsExactly(2, 2);
      assertThat(first.get()[0]).containsExactly(v1.onnx().embed(inputs)[0]);
      assertThat(second.get()[0]).containsExactly(v2.onnx().embed(inputs)[0]);
      assertThat(first.get()[0]).isNotEqualTo(second.get()[0]);
    }
  }

  @Test
  void aFullQueueRefusesWithoutQueueing() {
    try (DynamicBatcher batcher = batcher(4, Duration.ZERO, 8)) {
      try (DynamicBatcher.Ticket held = batcher.admit(6)) {
        assertThatThrownBy(() -> batcher.admit(3))
            .isInstanceOfSatisfying(
                OverloadedException.class, e -> assertThat(e.shuttingDown()).isFalse())
            .hasMessageContaining("queue is full");
        batcher.admit(2).close();
      }
      assertThat(rejected).containsExactly(3);
    }
  }

  @Test
  void anUnusedTicketGivesItsRoomBack() {
    try (DynamicBatcher batcher = batcher(4, Duration.ZERO, 8)) {
      batcher.admit(8).close();
      assertThat(batcher.admittedImages()).isZero();
      batcher.admit(8).close();
    }
  }

  @Test
  void closingFinishesAdmittedWorkAndRefusesNewWork() throws Exception {
    DynamicBatcher batcher = batcher(4, Duration.ofSeconds(30), 16);
    DynamicBatcher.Ticket late = batcher.admit(1);
    CompletableFuture<Void> closing = CompletableFuture.runAsync(batcher::close);
    // close() waits for the admitted image, so new work is refused from some moment on, and must
    // be.
    OverloadedException refused = null;
    while (refused == null) {
      try {
        batcher.admit(1).close();
        Thread.sleep(1);
      } catch (OverloadedException e) {
        refused = e;
      }
    }
    assertThat(refused.shuttingDown()).isTrue();
    assertThat(closing).isNotDone();
    float[][] result = late.submit(v1, images(1, 40)).get();
    closing.get();
    assertThat(result).hasNumberOfRows(1);
  }

  @Test
  void aModelSwappedOutIsClosedOnlyAfterItsLastRequest() throws Exception {
    ModelSlot slot = new ModelSlot();
    slot.install(v1);
    slot.markWarm();
    try (DynamicBatcher batcher = batcher(4, Duration.ZERO, 16)) {
      ModelSlot.Lease lease = slot.lease();
      ServedModel next = new ServedModel(v2.onnx());
      v2 = null;
      slot.swap(next);
      assertThat(lease.model().isClosed()).isFalse();
      float[][] result = batcher.admit(1).submit(lease.model(), images(1, 50)).get();
      assertThat(result).hasNumberOfRows(1);
      lease.close();
      assertThat(lease.model().isClosed()).isTrue();
      assertThat(slot.lease().model()).isSameAs(next);
      v1 = next;
    }
  }
}
