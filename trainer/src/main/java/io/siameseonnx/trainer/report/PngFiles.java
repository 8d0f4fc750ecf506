package io.siameseonnx.trainer.report;

import io.siameseonnx.shared.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes images as PNG files atomically, so a reader never sees half a plot. */
final class PngFiles {
  static {
    // Plots are drawn off-screen; without this a JVM with a DISPLAY set may try to reach it.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private PngFiles() {}

  /** Makes sure AWT starts headless; call before the first AWT class is touched. */
  static void ensureHeadless() {
    // The static initialiser does the work.
  }

  /** Encodes {@code image} as PNG and puts it at {@code file}, replacing what was there. */
  static void write(Path file, BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", bytes)) {
      throw new IOException("no PNG encoder available to write " + file);
    }
    AtomicFiles.write(file, bytes.toByteArray());
  }
}
