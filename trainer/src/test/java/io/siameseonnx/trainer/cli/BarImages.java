package io.siameseonnx.trainer.cli;

import io.siameseonnx.shared.image.ImageWriting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small class folder to pretrain on in seconds: 32x32 PNGs whose classes are told apart by a
 * bright bar at a class-specific row (class c: rows 4 + 7c to 7 + 7c), over random noise.
 */
final class BarImages {
  private BarImages() {}

  /**
   * Writes {@code dir/class<c>/<i>.png} for {@code classes} classes (at most 4) of {@code
   * perClass}.
   */
  static Path folder(Path dir, int classes, int perClass) throws IOException {
    Random rnd = new Random(7);
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < perClass; i++) {
        float[] pixels = new float[32 * 32];
        for (int p = 0; p < pixels.length; p++) {
          int row = p / 32;
          boolean bar = row >= 4 + 7 * c && row < 8 + 7 * c;
          pixels[p] = bar ? 0.9f : 0.3f * rnd.nextFloat();
        }
        Path file = dir.resolve("class" + c).resolve(i + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, ImageWriting.grayPng(pixels, 32, 32));
      }
    }
    return dir;
  }
}
