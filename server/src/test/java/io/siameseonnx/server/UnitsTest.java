package io.siameseonnx.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void sizesAreBinaryMultiples() {
    assertThat(Units.bytes("16MB")).isEqualTo(16L << 20);
    assertThat(Units.bytes("16m")).isEqualTo(16L << 20);
    assertThat(Units.bytes("512KiB")).isEqualTo(512L << 10);
    assertThat(Units.bytes("1g")).isEqualTo(1L << 30);
    assertThat(Units.bytes("1048576")).isEqualTo(1L << 20);
    assertThatThrownBy(() -> Units.bytes("lots")).hasMessageContaining("not a size");
  }

  @Test
  void durationsTakeUnitsAndBareSeconds() {
    assertThat(Units.duration("2ms")).isEqualTo(Duration.ofMillis(2));
    assertThat(Units.duration("500us")).isEqualTo(Duration.ofNanos(500_000));
    assertThat(Units.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Units.duration("5")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Units.duration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Units.duration("0")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> Units.duration("soon")).hasMessageContaining("not a duration");
  }
}
