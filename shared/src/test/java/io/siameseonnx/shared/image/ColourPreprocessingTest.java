package io.siameseonnx.shared.image;

import static io.siameseonnx.shared.image.ImageDecodingTest.encode;
import static io.siameseonnx.shared.image.ImageDecodingTest.solid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Three-channel preprocessing: RGB planes, compositing per plane, gray files as equal planes. */
class ColourPreprocessingTest {
  private static final ImagePreprocessor RGB =
      new ImagePreprocessor(PreprocessingSpec.of(32, 32, PreprocessingSpec.RGB));
  private static final ImagePreprocessor GRAY = new ImagePreprocessor(PreprocessingSpec.of(32, 32));

  private static float[] plane(float[] chw, int channel, int size) {
    return Arrays.copyOfRange(chw, channel * size, (channel + 1) * size);
  }

  @Test
  void aSolidColourBecomesThreePlanesOfItsChannels() throws IOException {
    byte[] png = encode(solid(40, 24, BufferedImage.TYPE_INT_RGB, new Color(200, 100, 50)), "png");

    float[] out = RGB.fromBytes(png);

    assertThat(out).hasSize(3 * 32 * 32);
    float[] expected = {200 / 255f, 100 / 255f, 50 / 255f};
    for (int c = 0; c < 3; c++) {
      for (float v : plane(out, c, 32 * 32)) {
        assertThat(v).as("channel %d", c).isCloseTo(expected[c], within(1e-6f));
      }
    }
  }

  @Test
  void eachPlaneIsResizedExactlyAsTheGrayPathResizesThatPlane() throws IOException {
    // Red carries a pattern, green its inverse, blue is constant: each plane must equal the gray
    // preprocessing of a gray image holding that plane's values.
    int w = 40;
    int h = 40;
    BufferedImage colour = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    BufferedImage red = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage green = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = (x * 7 + y * 13) % 17 * 15;
        int g = 255 - r;
        colour.setRGB(x, y, r << 16 | g << 8 | 77);
        red.getRaster().setSample(x, y, 0, r);
        green.getRaster().setSample(x, y, 0, g);
      }
    }

    float[] out = RGB.fromBytes(encode(colour, "png"));

    assertThat(plane(out, 0, 1024)).containsExactly(GRAY.fromBytes(encode(red, "png")));
    assertThat(plane(out, 1, 1024)).containsExactly(GRAY.fromBytes(encode(green, "png")));
    for (float v : plane(out, 2, 1024)) {
      assertThat(v).isCloseTo(77 / 255f, within(1e-6f));
    }
  }

  @Test
  void alphaIsCompositedOntoTheBackgroundInEachPlane() throws IOException {
    BufferedImage rgba = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    rgba.setRGB(0, 0, 0x00ff0000); // transparent red: background
    rgba.setRGB(1, 0, 0x80ff0000); // half-transparent red
    DecodedImage decoded = RGB.decode(encode(rgba, "png"));

    assertThat(decoded.channels()).isEqualTo(3);
    assertThat(decoded.pixels()[0]).isEqualTo(1f);
    assertThat(decoded.pixels()[2]).isEqualTo(1f);
    assertThat(decoded.pixels()[4]).isEqualTo(1f);
    float a = 128 / 255f;
    assertThat(decoded.pixels()[1]).isCloseTo(1f, within(1e-6f));
    assertThat(decoded.pixels()[3]).isCloseTo(1 - a, within(1e-6f));
    assertThat(decoded.pixels()[5]).isCloseTo(1 - a, within(1e-6f));
  }

  @Test
  void aGrayFileGivesThreeEqualPlanesEqualToTheGrayInput() throws IOException {
    float[] pixels = new float[12 * 9];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (i * 37 % 101) / 100f;
    }
    byte[] png = ImageWriting.grayPng(pixels, 12, 9);

    float[] rgb = RGB.fromBytes(png);
    float[] gray = GRAY.fromBytes(png);

    for (int c = 0; c < 3; c++) {
      assertThat(plane(rgb, c, 1024)).containsExactly(gray);
    }
    float[] fromPixels = RGB.fromPixels(pixels, 12, 9, 1f);
    assertThat(plane(fromPixels, 2, 1024)).containsExactly(GRAY.fromPixels(pixels, 12, 9, 1f));
  }

  @Test
  void colourIsDetectedWhereVisiblePixelsHaveMoreThanNoise() throws IOException {
    BufferedImage grayAsRgb = solid(10, 10, BufferedImage.TYPE_INT_RGB, new Color(90, 90, 90));
    assertThat(RGB.hasColour(encode(grayAsRgb, "png"))).isFalse();
    assertThat(RGB.hasColour(ImageWriting.grayPng(new float[] {0.2f, 0.7f}, 2, 1))).isFalse();

    // Chroma noise within 8 levels is gray; one clearly coloured pixel of 100 is colour.
    BufferedImage noisy = solid(10, 10, BufferedImage.TYPE_INT_RGB, new Color(90, 90, 90));
    for (int x = 0; x < 10; x++) {
      noisy.setRGB(x, 3, new Color(90, 94, 98).getRGB());
    }
    assertThat(RGB.hasColour(encode(noisy, "png"))).isFalse();
    BufferedImage onePixel = solid(10, 10, BufferedImage.TYPE_INT_RGB, new Color(90, 90, 90));
    onePixel.setRGB(9, 9, new Color(90, 90, 140).getRGB());
    assertThat(RGB.hasColour(encode(onePixel, "png"))).isTrue();

    BufferedImage hidden = solid(10, 10, BufferedImage.TYPE_INT_ARGB, new Color(90, 90, 90));
    hidden.setRGB(9, 9, 0x00ff0000);
    assertThat(RGB.hasColour(encode(hidden, "png"))).isFalse();
  }

  @Test
  void aWrittenColourPngReadsBackToItsPlanes() {
    float[] chw = new float[3 * 4];
    for (int i = 0; i < chw.length; i++) {
      chw[i] = i / 11f;
    }
    byte[] png = ImageWriting.png(chw, 3, 2, 2);

    DecodedImage back = RGB.decode(png);

    for (int i = 0; i < chw.length; i++) {
      assertThat(back.pixels()[i]).isCloseTo(chw[i], within(0.5f / 255));
    }
  }

  @Test
  void onlyOneOrThreeChannelsAreAccepted() {
    assertThatThrownBy(() -> PreprocessingSpec.of(32, 32, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("channels must be 1 (grayscale) or 3 (RGB), not 2");
    assertThat(PreprocessingSpec.defaults().withChannels(3).tensorSize()).isEqualTo(3 * 1024);
  }
}
