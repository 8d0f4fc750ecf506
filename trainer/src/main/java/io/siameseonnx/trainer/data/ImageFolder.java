package io.siameseonnx.trainer.data;

import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.InvalidImageException;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a labelled image folder laid out as {@code root/<class>/<image files>}: one subfolder a
 * class, class names sorted, hidden files and folders (names starting with a dot) ignored.
 *
 * <p>Every other regular file in a class folder is taken for an image (PNG, JPEG, BMP or GIF,
 * recognised by content). Files directly under the root are ignored.
 */
public final class ImageFolder {
  private static final Logger LOG = LoggerFactory.getLogger(ImageFolder.class);

  /**
   * The images read, and the files that could not be decoded and were left out.
   *
   * @param images the decoded images, ordered by class name and then by file name
   * @param skipped how many files were left out
   * @param skippedFiles the files left out, in the same order
   */
  public record Result(LabeledImages images, int skipped, List<Path> skippedFiles) {
    /** Copies the list of skipped files. */
    public Result {
      skippedFiles = List.copyOf(skippedFiles);
    }
  }

  private ImageFolder() {}

  /**
   * Reads and preprocesses every image under {@code root}; decoding runs in parallel, the order
   * stays deterministic.
   *
   * @param strict when true a corrupt image fails the whole read; when false it is skipped, counted
   *     and logged
   * @throws DataException naming the path when the folder is missing or empty, has fewer than two
   *     class subfolders, a class ends up with fewer than two images, or (strict) an image is
   *     corrupt
   */
  public static Result read(Path root, PreprocessingSpec spec, boolean strict) {
    if (!Files.isDirectory(root)) {
      throw new DataException("image folder not found: " + root);
    }
    List<Path> entries = list(root);
    if (entries.isEmpty()) {
      throw new DataException("image folder is empty: " + root);
    }
    List<Path> classDirs = entries.stream().filter(Files::isDirectory).toList();
    if (classDirs.isEmpty()) {
      throw new DataException(
          "no class subfolders in "
              + root
              + " (expected one folder of images for each class: "
              + root
              + "/<class>/<image>)");
    }
    if (classDirs.size() < 2) {
      throw new DataException(
          "only one class subfolder in " + root + "; at least 2 classes are needed");
    }
    List<Path> files = new ArrayList<>();
    List<Integer> fileClasses = new ArrayList<>();
    for (int c = 0; c < classDirs.size(); c++) {
      for (Path file : list(classDirs.get(c))) {
        if (Files.isRegularFile(file)) {
          files.add(file);
          fileClasses.add(c);
        }
      }
    }

    ImagePreprocessor preprocessor = new ImagePreprocessor(spec);
    Decoded[] decoded = new Decoded[files.size()];
    IntStream.range(0, files.size())
        .parallel()
        .forEach(i -> decoded[i] = decode(preprocessor, files.get(i)));

    List<float[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    int[] perClass = new int[classDirs.size()];
    for (int i = 0; i < decoded.length; i++) {
      if (decoded[i].image() == null) {
        if (strict) {
          throw new DataException("cannot use image " + files.get(i) + ": " + decoded[i].problem());
        }
        LOG.warn("Skipping image {}: {}", files.get(i), decoded[i].problem());
        skipped.add(files.get(i));
        continue;
      }
      images.add(decoded[i].image());
      labels.add(fileClasses.get(i));
      perClass[fileClasses.get(i)]++;
    }
    for (int c = 0; c < perClass.length; c++) {
      if (perClass[c] < 2) {
        throw new DataException(
            "class folder "
                + classDirs.get(c)
                + " holds "
                + perClass[c]
                + (perClass[c] == 1 ? " usable image" : " usable images")
                + "; each class needs at least 2");
      }
    }
    if (!skipped.isEmpty()) {
      LOG.warn("Skipped {} of {} files in {}", skipped.size(), files.size(), root);
    }
    List<String> classNames = classDirs.stream().map(dir -> dir.getFileName().toString()).toList();
    LabeledImages result =
        new LabeledImages(
            images.toArray(float[][]::new),
            labels.stream().mapToInt(Integer::intValue).toArray(),
            classNames,
            root.toString());
    return new Result(result, skipped.size(), skipped);
  }

  /**
   * The files {@code read} would decode: those in each visible class subfolder of {@code root},
   * sorted; empty when {@code root} is not a folder.
   */
  public static List<Path> imageFiles(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    for (Path dir : list(root)) {
      if (Files.isDirectory(dir)) {
        list(dir).stream().filter(Files::isRegularFile).forEach(files::add);
      }
    }
    return files;
  }

  private record Decoded(float[] image, String problem) {}

  private static Decoded decode(ImagePreprocessor preprocessor, Path file) {
    try {
      return new Decoded(preprocessor.fromBytes(Files.readAllBytes(file)), null);
    } catch (InvalidImageException e) {
      return new Decoded(null, e.getMessage());
    } catch (IOException e) {
      return new Decoded(null, "cannot be read: " + e.getMessage());
    }
  }

  /** The visible entries of a folder, sorted by name. */
  private static List<Path> list(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new DataException("cannot list folder " + dir + ": " + e.getMessage(), e);
    }
  }
}
