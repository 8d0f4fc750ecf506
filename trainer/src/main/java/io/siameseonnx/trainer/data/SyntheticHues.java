package io.siameseonnx.trainer.data;

import io.siameseonnx.shared.image.ImageWriting;
import io.siameseonnx.shared.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A data set where colour is the only signal: 32x32 RGB images of one filled shape (disc, square or
 * triangle, of random size and place) on a light gray background, whose class is the shape's hue.
 * The four hues have exactly equal luma ({@code 299 R + 587 G + 114 B = 110,000}, so 110 of 255 in
 * the grayscale conversion), so a grayscale model sees the same shapes in every class and can only
 * guess, while a colour model can tell them apart. Pixels are whole 8-bit values and shapes have no
 * anti-aliased edges, so the images survive PNG exactly.
 */
public final class SyntheticHues {
  /** Side of the images. */
  public static final int SIZE = 32;

  /** The class names, one per hue. */
  public static final List<String> CLASSES = List.of("orange", "green", "teal", "magenta");

  private static final int[][] HUES = {{214, 78, 2}, {1, 183, 20}, {2, 152, 177}, {253, 9, 255}};
  private static final int BACKGROUND = 200;

  private SyntheticHues() {}

  /** {@code perClass} images of each hue, as CHW floats in [0, 1], deterministic for a seed. */
  public static LabeledImages generate(int perClass, long seed) {
    if (perClass <= 0) {
      throw new IllegalArgumentException("images per class must be positive");
    }
    Random random = new Random(seed);
    List<float[]> images = new ArrayList<>();
    int[] labels = new int[perClass * HUES.length];
    for (int i = 0; i < perClass; i++) {
      for (int c = 0; c < HUES.length; c++) {
        labels[images.size()] = c;
        images.add(image(HUES[c], random));
      }
    }
    return new LabeledImages(
        images.toArray(float[][]::new), labels, CLASSES, "synthetic hues (seed " + seed + ")");
  }

  /**
   * Writes {@code perClass} PNGs of each hue as a class folder: {@code out/<hue>/<n>.png}.
   *
   * @return the files written
   */
  public static List<Path> write(Path out, int perClass, long seed) throws IOException {
    LabeledImages images = generate(perClass, seed);
    List<Path> written = new ArrayList<>();
    int[] counts = new int[CLASSES.size()];
    for (int i = 0; i < images.size(); i++) {
      int label = images.labels()[i];
      Path dir = Files.createDirectories(out.resolve(CLASSES.get(label)));
      Path file = dir.resolve(String.format("%03d.png", ++counts[label]));
      AtomicFiles.write(file, ImageWriting.png(images.images()[i], 3, SIZE, SIZE));
      written.add(file);
    }
    return written;
  }

  private static float[] image(int[] hue, Random random) {
    int plane = SIZE * SIZE;
    float[] chw = new float[3 * plane];
    int shape = random.nextInt(3);
    int side = 8 + random.nextInt(13);
    int x0 = random.nextInt(SIZE - side + 1);
    int y0 = random.nextInt(SIZE - side + 1);
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        boolean inside = inside(shape, x - x0, y - y0, side);
        for (int c = 0; c < 3; c++) {
          chw[c * plane + y * SIZE + x] = (inside ? hue[c] : BACKGROUND) / 255f;
        }
      }
    }
    return chw;
  }

  /** Whether pixel (x, y) of a {@code side}-pixel box lies in the shape. */
  private static boolean inside(int shape, int x, int y, int side) {
    if (x < 0 || y < 0 || x >= side || y >= side) {
      return false;
    }
    double half = side / 2.0;
    return switch (shape) {
      case 0 -> Math.hypot(x + 0.5 - half, y + 0.5 - half) <= half;
      case 1 -> true;
      default -> Math.abs(x + 0.5 - half) <= (y + 0.5) / 2.0;
    };
  }
}
