package io.siameseonnx.shared.image;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InvalidImageTest {
  private static final ImagePreprocessor PREPROCESSOR =
      new ImagePreprocessor(PreprocessingSpec.defaults());

  @Test
  void emptyBytesAreRefused() {
    assertThatThrownBy(() -> PREPROCESSOR.fromBytes(new byte[0]))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void randomBytesAreNotAnImage() {
    byte[] noise = new byte[500];
    new Random(1).nextBytes(noise);
    noise[0] = 'x'; // make sure no magic number is hit by chance

    assertThatThrownBy(() -> PREPROCESSOR.fromBytes(noise))
        .isInstanceOf(UnsupportedImageFormatException.class)
        .hasMessageStartingWith("not a PNG, JPEG, BMP or GIF image (it starts with 78 ");
  }

  @Test
  void aTruncatedPngCannotBeDecoded() throws IOException {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Random rnd = new Random(2);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        image.setRGB(x, y, rnd.nextInt());
      }
    }
    byte[] png = ImageDecodingTest.encode(image, "png");
    byte[] truncated = Arrays.copyOf(png, png.length / 2);

    assertThatThrownBy(() -> PREPROCESSOR.fromBytes(truncated))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("could not be decoded");
  }

  private static BufferedImage noise(int size, int type, long seed) {
    BufferedImage image = new BufferedImage(size, size, type);
    Random rnd = new Random(seed);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, rnd.nextInt());
      }
    }
    return image;
  }

  @Test
  void aTiffIsRefusedAsAnUnsupportedFormatBeforeAnyDecoder() throws IOException {
    byte[] tiff = ImageDecodingTest.encode(noise(16, BufferedImage.TYPE_INT_RGB, 3), "tiff");
    assertThatThrownBy(() -> PREPROCESSOR.fromBytes(tiff))
        .isInstanceOf(UnsupportedImageFormatException.class)
        .hasMessageContaining("a TIFF");
  }

  @Test
  void aTruncatedJpegIsRefusedInsteadOfFilledIn() throws IOException {
    byte[] jpeg = ImageDecodingTest.encode(noise(64, BufferedImage.TYPE_INT_RGB, 4), "jpeg");
    byte[] truncated = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
    assertThatThrownBy(() -> PREPROCESSOR.fromBytes(truncated))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("truncated or corrupt");
  }

  @Test
  void truncatedGifsAndBmpsAreRefused() throws IOException {
    for (String format : new String[] {"gif", "bmp"}) {
      byte[] whole = ImageDecodingTest.encode(noise(64, BufferedImage.TYPE_INT_RGB, 5), format);
      byte[] truncated = Arrays.copyOf(whole, whole.length * 2 / 3);
      assertThatThrownBy(() -> PREPROCESSOR.fromBytes(truncated))
          .as(format)
          .isInstanceOf(InvalidImageException.class);
    }
  }

  @Test
  void anImageOverThePixelLimitIsRefusedBeforeDecoding() throws IOException {
    PreprocessingSpec small =
        new PreprocessingSpec(
            32,
            32,
            1,
            PreprocessingSpec.BICUBIC_PIL,
            1.0,
            PreprocessingSpec.defaults().lumaWeights(),
            100);
    byte[] png =
        ImageDecodingTest.encode(
            ImageDecodingTest.solid(20, 10, BufferedImage.TYPE_INT_RGB, Color.GRAY), "png");

    assertThatThrownBy(() -> new ImagePreprocessor(small).fromBytes(png))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("20x10")
        .hasMessageContaining("limit of 100 pixels");
  }

  @Test
  void aPixelArrayOfTheWrongLengthIsRefused() {
    assertThatThrownBy(() -> PREPROCESSOR.fromPixels(new float[63], 8, 8, 16f))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("length 63")
        .hasMessageContaining("8x8");
  }

  @Test
  void aPixelArrayWithNaNIsRefused() {
    float[] pixels = new float[64];
    pixels[10] = Float.NaN;

    assertThatThrownBy(() -> PREPROCESSOR.fromPixels(pixels, 8, 8, 16f))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("pixel 10");
  }

  @Test
  void aPixelArrayWithInfinityIsRefused() {
    float[] pixels = new float[4];
    pixels[3] = Float.POSITIVE_INFINITY;

    assertThatThrownBy(() -> PREPROCESSOR.fromPixels(pixels, 2, 2, 1f))
        .isInstanceOf(InvalidImageException.class)
        .hasMessageContaining("pixel 3");
  }
}
