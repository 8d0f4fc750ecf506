package io.siameseonnx.trainer.cli;

import io.siameseonnx.shared.image.ImageWriting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small 8x8 class folders and the command line of a quick run on them with held-out classes. */
final class SmallFolders {
  private SmallFolders() {}

  /**
   * {@code train} on {@code data} with {@code --holdout-classes}, at 8x8, one fine-tuning epoch, no
   * export, seed 5, into {@code out}; add the pretraining options.
   */
  static List<Object> holdoutRun(Path data, Path out) {
    return new ArrayList<>(
        List.of(
            "train",
            "--pairs",
            data,
            "--holdout-classes",
            "--image-size",
            "8",
            "--epochs",
            "1",
            "--no-export",
            "--seed",
            "5",
            "--out",
            out));
  }

  /**
   * Writes {@code root/<c>/<i>.png} for classes named "0" up to {@code classes - 1}, of {@code
   * perClass} images each. Class c: a bright 2x2 block at a class-specific place over faint noise.
   */
  static Path blocks(Path root, int classes, int perClass) throws IOException {
    Random rnd = new Random(11);
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < perClass; i++) {
        float[] pixels = new float[64];
        for (int p = 0; p < 64; p++) {
          int row = p / 8;
          int col = p % 8;
          boolean block = row / 2 == c % 4 && col / 4 == c / 4;
          pixels[p] = block ? 0.8f + 0.2f * rnd.nextFloat() : 0.3f * rnd.nextFloat();
        }
        Path file = root.resolve(Integer.toString(c)).resolve(i + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, ImageWriting.grayPng(pixels, 8, 8));
      }
    }
    return root;
  }
}
