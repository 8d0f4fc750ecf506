package io.siameseonnx.trainer.cli;

import io.siameseonnx.shared.image.ImageWriting;
import io.siameseonnx.shared.io.AtomicFiles;
import io.siameseonnx.trainer.data.SyntheticHues;
import io.siameseonnx.trainer.data.SyntheticRectangles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code samples}: writes example PNGs of a synthetic task, to try a served model with or to train
 * on as a folder.
 */
@Command(
    name = "samples",
    mixinStandardHelpOptions = true,
    description =
        "Write example 32x32 PNGs. --kind rectangles (the seed's task): <out>/rect-N.png (with a"
            + " light-grey rectangle) and <out>/plain-N.png (without). --kind hues (colour is the"
            + " only signal): a class folder <out>/<hue>/NNN.png of shapes in four hues of equal"
            + " luma, --count images each.")
public final class SamplesCommand implements Callable<Integer> {
  @Option(
      names = "--kind",
      defaultValue = "rectangles",
      description = "rectangles or hues. Default: ${DEFAULT-VALUE}.")
  String kind;

  @Option(
      names = "--out",
      defaultValue = "samples",
      description = "Folder. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(
      names = "--count",
      defaultValue = "3",
      description = "Images of each kind. Default: ${DEFAULT-VALUE}.")
  int count;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (count <= 0) {
      throw new IllegalArgumentException("--count must be positive");
    }
    if (kind.equals("hues")) {
      SyntheticHues.write(out, count, seed).forEach(System.out::println);
      return 0;
    }
    if (!kind.equals("rectangles")) {
      throw new IllegalArgumentException("--kind must be rectangles or hues, not '" + kind + "'");
    }
    SyntheticRectangles.Pools pools = SyntheticRectangles.generate(8 * count, seed);
    Files.createDirectories(out);
    int size = SyntheticRectangles.SIZE;
    for (int i = 0; i < Math.min(count, pools.one().length); i++) {
      Path file = out.resolve("rect-" + (i + 1) + ".png");
      AtomicFiles.write(file, ImageWriting.grayPng(pools.one()[i], size, size));
      System.out.println(file);
    }
    for (int i = 0; i < Math.min(count, pools.zero().length); i++) {
      Path file = out.resolve("plain-" + (i + 1) + ".png");
      AtomicFiles.write(file, ImageWriting.grayPng(pools.zero()[i], size, size));
      System.out.println(file);
    }
    return 0;
  }
}
