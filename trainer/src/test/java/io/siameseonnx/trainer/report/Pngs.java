package io.siameseonnx.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Reads plot files back and measures what is in them. */
final class Pngs {
  private static final byte[] MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private Pngs() {}

  /** Decodes {@code file}, checking that it is a PNG. */
  static BufferedImage read(Path file) throws IOException {
    assertThat(file).isRegularFile();
    byte[] head = Arrays.copyOf(Files.readAllBytes(file), MAGIC.length);
    assertThat(head).as("PNG signature of %s", file).isEqualTo(MAGIC);
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).as("decoded %s", file).isNotNull();
    return image;
  }

  /** Number of distinct RGB colours. */
  static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        colours.add(image.getRGB(x, y) & 0xFFFFFF);
      }
    }
    return colours.size();
  }

  /** Number of pixels within {@code tolerance} (per channel) of {@code colour}. */
  static int pixelsNear(BufferedImage image, Color colour, int tolerance) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        if (Math.abs(((rgb >> 16) & 0xFF) - colour.getRed()) <= tolerance
            && Math.abs(((rgb >> 8) & 0xFF) - colour.getGreen()) <= tolerance
            && Math.abs((rgb & 0xFF) - colour.getBlue()) <= tolerance) {
          n++;
        }
      }
    }
    return n;
  }
}
