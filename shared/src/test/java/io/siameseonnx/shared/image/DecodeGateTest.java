package io.siameseonnx.shared.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ImagePreprocessor#fromBytes(byte[], DecodeGate)}: when the gate is asked and released. */
class DecodeGateTest {
  private static final ImagePreprocessor PREPROCESSOR =
      new ImagePreprocessor(PreprocessingSpec.of(8, 8));

  /** Records what it admits and counts the permits still open. */
  private static final class RecordingGate implements DecodeGate {
    final List<Long> asked = new ArrayList<>();
    final AtomicInteger open = new AtomicInteger();

    @Override
    public Permit admit(long bytes) {
      asked.add(bytes);
      open.incrementAndGet();
      return open::decrementAndGet;
    }
  }

  private static byte[] png(int width, int height) {
    float[] pixels = new float[width * height];
    Arrays.fill(pixels, 0.25f);
    return ImageWriting.grayPng(pixels, width, height);
  }

  @Test
  void theGateIsAskedForTheBytesDecodingTakesAndItsPermitIsGivenBack() {
    RecordingGate gate = new RecordingGate();

    float[] tensor = PREPROCESSOR.fromBytes(png(30, 20), gate);

    assertThat(tensor).hasSize(64);
    // An 8-bit gray raster (1 byte a pixel) and the float image (4 bytes a pixel).
    assertThat(gate.asked).containsExactly(600L * (1 + 4));
    assertThat(gate.open).hasValue(0);
  }

  @Test
  void aColourModelIsChargedForItsThreePlanesAndTheCopyResizingTakes() {
    RecordingGate gate = new RecordingGate();
    ImagePreprocessor colour =
        new ImagePreprocessor(PreprocessingSpec.of(8, 8, PreprocessingSpec.RGB));

    float[] tensor = colour.fromBytes(png(30, 20), gate);

    assertThat(tensor).hasSize(3 * 64);
    // An 8-bit gray raster, three float planes and the one plane resizing copies at a time.
    assertThat(gate.asked).containsExactly(600L * (1 + 4 * 4));
    assertThat(gate.open).hasValue(0);
  }

  @Test
  void theResultIsTheSameAsWithoutAGate() {
    byte[] image = png(17, 9);

    assertThat(PREPROCESSOR.fromBytes(image, new RecordingGate()))
        .containsExactly(PREPROCESSOR.fromBytes(image));
  }

  @Test
  void anImageOverThePixelLimitIsRefusedBeforeTheGateIsAsked() {
    ImagePreprocessor small =
        new ImagePreprocessor(
            new PreprocessingSpec(
                8, 8, 1, PreprocessingSpec.BICUBIC_PIL, 1.0, List.of(0.299, 0.587, 0.114), 100));
    RecordingGate gate = new RecordingGate();

    assertThatThrownBy(() -> small.fromBytes(png(20, 20), gate))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("over the limit");
    assertThat(gate.asked).isEmpty();
  }

  @Test
  void bytesThatAreNoImageNeverReachTheGate() {
    RecordingGate gate = new RecordingGate();

    assertThatThrownBy(() -> PREPROCESSOR.fromBytes(new byte[] {1, 2, 3, 4}, gate))
        .isInstanceOf(InvalidImageException.class);
    assertThat(gate.asked).isEmpty();
  }

  @Test
  void aPermitIsGivenBackWhenDecodingFailsAfterTheHeader() {
    byte[] whole = png(64, 64);
    // the header (with the size) survives, the pixel data does not
    byte[] truncated = Arrays.copyOf(whole, 60);
    RecordingGate gate = new RecordingGate();

    assertThatThrownBy(() -> PREPROCESSOR.fromBytes(truncated, gate))
        .isInstanceOf(InvalidImageException.class);
    assertThat(gate.asked).containsExactly(4096L * (1 + 4));
    assertThat(gate.open).hasValue(0);
  }

  @Test
  void theGatesRefusalReachesTheCallerAsItIs() {
    IllegalStateException busy = new IllegalStateException("busy");
    DecodeGate refusing =
        pixels -> {
          throw busy;
        };

    assertThatThrownBy(() -> PREPROCESSOR.fromBytes(png(10, 10), refusing)).isSameAs(busy);
  }
}
