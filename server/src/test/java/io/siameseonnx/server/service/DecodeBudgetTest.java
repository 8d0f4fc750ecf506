package io.siameseonnx.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.shared.image.DecodeGate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DecodeBudgetTest {
  private static final long KB = 1024;

  /** 1 MB: a main share of 768 KB, 256 KB kept for images of at most 16 KB. */
  private final DecodeBudget budget = new DecodeBudget(1024 * KB, Duration.ofMillis(50));

  @Test
  void theBudgetIsSplitIntoAMainShareAndAShareForSmallImages() {
    assertThat(budget.bytes()).isEqualTo(1024 * KB);
    assertThat(budget.smallImageBytes()).isEqualTo(16 * KB);
  }

  @Test
  void anImageTakesItsBytesInBlocksUntilItsPermitIsClosed() {
    DecodeGate.Permit permit = budget.admit(40 * KB); // three blocks of 16 KB, from the main share
    assertThat(budget.availableBytes()).isEqualTo(1024 * KB - 48 * KB);
    permit.close();
    assertThat(budget.availableBytes()).isEqualTo(1024 * KB);
  }

  @Test
  void closingAPermitTwiceGivesItsBytesBackOnce() {
    DecodeGate.Permit permit = budget.admit(KB);
    permit.close();
    permit.close();
    assertThat(budget.availableBytes()).isEqualTo(1024 * KB);
  }

  @Test
  void anImageLargerThanTheBudgetTakesTheMainShareAndIsDecodedAlone() {
    try (DecodeGate.Permit huge = budget.admit(40_000_000)) {
      assertThat(budget.availableBytes()).isEqualTo(256 * KB);
      assertThatThrownBy(() -> budget.admit(20 * KB))
          .isInstanceOf(OverloadedException.class)
          .hasMessageContaining("decoded at once");
    }
    assertThat(budget.availableBytes()).isEqualTo(1024 * KB);
  }

  @Test
  void aSmallImageDoesNotQueueBehindLargeOnesThatHoldTheMainShare() {
    try (DecodeGate.Permit all = budget.admit(Long.MAX_VALUE)) {
      // Without the small share, this would wait for the large image and be refused.
      try (DecodeGate.Permit thumbnail = budget.admit(5 * KB)) {
        assertThat(budget.availableBytes()).isEqualTo(240 * KB);
      }
    }
  }

  @Test
  void whenTheSmallShareIsFullASmallImageWaitsForTheMainShare() {
    DecodeGate.Permit[] small = new DecodeGate.Permit[16];
    for (int i = 0; i < small.length; i++) {
      small[i] = budget.admit(16 * KB);
    }
    try (DecodeGate.Permit next = budget.admit(16 * KB)) {
      assertThat(budget.availableBytes()).isEqualTo(768 * KB - 16 * KB);
    } finally {
      for (DecodeGate.Permit p : small) {
        p.close();
      }
    }
  }

  @Test
  void anImageWaitsForRoomAndIsAdmittedWhenItIsGivenBack() throws Exception {
    DecodeBudget patient = new DecodeBudget(1024 * KB, Duration.ofMinutes(5));
    DecodeGate.Permit all = patient.admit(Long.MAX_VALUE);
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<DecodeGate.Permit> second =
        CompletableFuture.supplyAsync(
            () -> {
              waiting.countDown();
              return patient.admit(500 * KB);
            });
    waiting.await();
    assertThat(second).isNotDone();
    all.close();
    second.get().close();
    assertThat(patient.availableBytes()).isEqualTo(1024 * KB);
  }

  @Test
  void anImageThatDoesNotFitInTimeIsRefusedAsAnOverload() {
    try (DecodeGate.Permit most = budget.admit(700 * KB)) {
      assertThatThrownBy(() -> budget.admit(100 * KB))
          .isInstanceOfSatisfying(
              OverloadedException.class, e -> assertThat(e.shuttingDown()).isFalse());
      // what still fits is admitted at once
      budget.admit(60 * KB).close();
    }
  }

  @Test
  void theDefaultIsAQuarterOfTheHeap() {
    assertThat(DecodeBudget.defaultBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
  }

  @Test
  void aBudgetOfNothingIsRefused() {
    assertThatThrownBy(() -> new DecodeBudget(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
