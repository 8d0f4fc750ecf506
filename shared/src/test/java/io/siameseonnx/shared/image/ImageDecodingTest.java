package io.siameseonnx.shared.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecodingTest {
  private static final ImagePreprocessor PREPROCESSOR =
      new ImagePreprocessor(PreprocessingSpec.defaults());

  static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, format, out)) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    return out.toByteArray();
  }

  static BufferedImage solid(int width, int height, int type, Color color) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  private static float luma(int r, int g, int b) {
    return (float) ((0.299 * r + 0.587 * g + 0.114 * b) / 255.0);
  }

  private static void assertAllClose(float[] values, float expected, float tolerance) {
    assertThat(values).isNotEmpty();
    for (int i = 0; i < values.length; i++) {
      assertThat(values[i]).as("pixel %d", i).isCloseTo(expected, within(tolerance));
    }
  }

  @Test
  void aSolidColourPngBecomesItsLumaEverywhere() throws IOException {
    byte[] png = encode(solid(40, 24, BufferedImage.TYPE_INT_RGB, new Color(200, 100, 50)), "png");

    float[] out = PREPROCESSOR.fromBytes(png);

    assertThat(out).hasSize(32 * 32);
    float expected = luma(200, 100, 50);
    for (int i = 0; i < out.length; i++) {
      assertThat(out[i]).as("pixel %d", i).isCloseTo(expected, within(1e-6f));
    }
  }

  @Test
  void aGrayPngIsReadWithoutAGammaShift() throws IOException {
    BufferedImage gray = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        gray.getRaster().setSample(x, y, 0, 128);
      }
    }
    gray.getRaster().setSample(3, 5, 0, 7);

    float[] out = PREPROCESSOR.fromBytes(encode(gray, "png"));

    assertThat(out[0]).isEqualTo(128f / 255f);
    assertThat(out[5 * 32 + 3]).isEqualTo(7f / 255f);
  }

  @Test
  void fullyTransparentPixelsBecomeTheWhiteBackground() throws IOException {
    BufferedImage rgba = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
    rgba.setRGB(0, 0, 0x00000000); // black, alpha 0
    rgba.setRGB(1, 0, 0xff000000); // black, opaque
    rgba.setRGB(2, 0, 0x80000000); // black, alpha 128

    DecodedImage gray = PREPROCESSOR.decode(encode(rgba, "png"));

    assertThat(gray.pixels()[0]).isEqualTo(1.0f);
    assertThat(gray.pixels()[1]).isEqualTo(0.0f);
    assertThat(gray.pixels()[2]).isCloseTo(1f - 128f / 255f, within(1e-6f));
  }

  @Test
  void theBackgroundComesFromTheSpec() throws IOException {
    PreprocessingSpec blackBackground =
        new PreprocessingSpec(
            4,
            4,
            1,
            PreprocessingSpec.BICUBIC_PIL,
            0.0,
            PreprocessingSpec.of(4, 4).lumaWeights(),
            1_000);
    BufferedImage rgba = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);

    float[] out = new ImagePreprocessor(blackBackground).fromBytes(encode(rgba, "png"));

    assertThat(out).containsOnly(0f);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bmp", "gif", "png"})
  void losslessFormatsDecodeToTheExactLuma(String format) throws IOException {
    byte[] bytes =
        encode(solid(10, 10, BufferedImage.TYPE_INT_RGB, new Color(30, 160, 90)), format);

    DecodedImage gray = PREPROCESSOR.decode(bytes);

    assertThat(gray.width()).isEqualTo(10);
    assertThat(gray.height()).isEqualTo(10);
    assertAllClose(gray.pixels(), luma(30, 160, 90), 1e-6f);
  }

  @Test
  void jpegDecodesCloseToTheLuma() throws IOException {
    byte[] jpeg = encode(solid(16, 16, BufferedImage.TYPE_INT_RGB, new Color(30, 160, 90)), "jpg");

    float[] out = PREPROCESSOR.fromBytes(jpeg);

    // JPEG is lossy (YCbCr, quantisation); a flat colour survives to within a few levels.
    assertAllClose(out, luma(30, 160, 90), 3f / 255f);
  }

  @Test
  void theSpecsSizeDecidesTheOutputLength() throws IOException {
    byte[] png = encode(solid(7, 9, BufferedImage.TYPE_INT_RGB, Color.WHITE), "png");

    float[] out = new ImagePreprocessor(PreprocessingSpec.of(12, 5)).fromBytes(png);

    assertThat(out).hasSize(60);
    assertAllClose(out, 1f, 1e-6f);
  }

  @Test
  void pixelArraysAreScaledByTheirMaximumBeforeResizing() {
    float[] digit = new float[64];
    java.util.Arrays.fill(digit, 8f);
    digit[0] = 16f;
    ImagePreprocessor sameSize = new ImagePreprocessor(PreprocessingSpec.of(8, 8));

    float[] out = sameSize.fromPixels(digit, 8, 8, 16f);

    assertThat(out[0]).isEqualTo(1f);
    assertThat(out[1]).isEqualTo(0.5f);
  }

  @Test
  void aWrittenGrayPngReadsBackAsTheSameEightBitValues() {
    float[] pixels = {0f, 0.5f, 1f, 0.25f, 2f, -1f};

    DecodedImage gray = PREPROCESSOR.decode(ImageWriting.grayPng(pixels, 3, 2));

    assertThat(gray.pixels()).containsExactly(0f, 128f / 255f, 1f, 64f / 255f, 1f, 0f);
  }
}
