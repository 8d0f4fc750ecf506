package io.siameseonnx.shared.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encodes grayscale float images as 8-bit PNG, for generated examples, demos and tests. */
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
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode PNG", e);
    }
  }
}
