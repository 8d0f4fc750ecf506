package io.siameseonnx.shared.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Encodes float images (gray or RGB planes) as 8-bit PNG, for generated examples, demos and tests.
 */
public final class ImageWriting {
  private ImageWriting() {}

  /** A PNG of a row-major gray image in [0, 1]; values are clamped and rounded to 8 bits. */
  public static byte[] grayPng(float[] pixels, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        float v = Math.max(0f, Math.min(1f, pixels[y * width + x]));
        image.getRaster().setSample(x, y, 0, Math.round(v * 255f));
      }
    }
    return encode(image);
  }

  /**
   * A PNG of a CHW float image in [0, 1] with 1 (gray) or 3 (red, green, blue) planes; values are
   * clamped and rounded to 8 bits.
   */
  public static byte[] png(float[] chw, int channels, int width, int height) {
    if (channels == 1) {
      return grayPng(chw, width, height);
    }
    if (channels != 3 || chw.length != 3 * width * height) {
      throw new IllegalArgumentException(
          "not a 1- or 3-channel " + width + "x" + height + " image: " + chw.length + " values");
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int plane = width * height;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int at = y * width + x;
        image.setRGB(
            x, y, byte8(chw[at]) << 16 | byte8(chw[plane + at]) << 8 | byte8(chw[2 * plane + at]));
      }
    }
    return encode(image);
  }

  private static int byte8(float v) {
    return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
  }

  private static byte[] encode(BufferedImage image) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode PNG", e);
    }
  }
}
