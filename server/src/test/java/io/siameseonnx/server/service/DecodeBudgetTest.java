package io.siameseonnx.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.shared.image.DecodeGate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DecodeBudgetTest {
  private final DecodeBudget budget = new DecodeBudget(10 * 1024, Duration.ofMillis(50));

  @Test
  void anImageTakesItsPixelsInBlocksUntilItsPermitIsClosed() {
    assertThat(budget.pixels()).isEqualTo(10 * 1024);

    DecodeGate.Permit permit = budget.admit(3000); // three blocks of 1,024

    assertThat(budget.availablePixels()).isEqualTo(7 * 1024);
    permit.close();
    assertThat(budget.availablePixels()).isEqualTo(10 * 1024);
  }

  @Test
  void closingAPermitTwiceGivesItsPixelsBackOnce() {
    DecodeGate.Permit permit = budget.admit(1024);

    permit.close();
    permit.close();

    assertThat(budget.availablePixels()).isEqualTo(10 * 1024);
  }

  @Test
  void anImageLargerThanTheBudgetTakesAllOfItAndIsDecodedAlone() {
    try (DecodeGate.Permit huge = budget.admit(40_000_000)) {
      assertThat(budget.availablePixels()).isZero();
      assertThatThrownBy(() -> budget.admit(1))
          .isInstanceOf(OverloadedException.class)
          .hasMessageContaining("decoded at once");
    }
    assertThat(budget.availablePixels()).isEqualTo(10 * 1024);
  }

  @Test
  void anImageThatDoesNotFitInTimeIsRefusedAsAnOverload() {
    try (DecodeGate.Permit most = budget.admit(8 * 1024)) {
      assertThatThrownBy(() -> budget.admit(3 * 1024))
          .isInstanceOfSatisfying(
              OverloadedException.class, e -> assertThat(e.shuttingDown()).isFalse());
      // what still fits is admitted at once
      budget.admit(2 * 1024).close();
    }
  }

  @Test
  void theLargestPixelCountTakesTheWholeBudget() {
    try (DecodeGate.Permit all = budget.admit(Long.MAX_VALUE)) {
      assertThat(budget.availablePixels()).isZero();
    }
  }

  @Test
  void aBudgetOfNothingIsRefused() {
    assertThatThrownBy(() -> new DecodeBudget(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
