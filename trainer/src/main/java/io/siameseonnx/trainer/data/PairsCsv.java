package io.siameseonnx.trainer.data;

import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.InvalidImageException;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a list of labelled image pairs from a CSV file of lines {@code path_a,path_b,label}.
 *
 * <p>The label is 1 (similar) or 0 (dissimilar). The first line is a header when its label column
 * is neither 0 nor 1. Paths are relative to the CSV file's folder (absolute paths are used as they
 * are) and may not contain commas. Blank lines and lines starting with {@code #} are ignored.
 */
public final class PairsCsv {
  private static final Logger LOG = LoggerFactory.getLogger(PairsCsv.class);

  private PairsCsv() {}

  /**
   * Reads and preprocesses all pairs; each distinct image is decoded once, in parallel.
   *
   * @param strict when true a corrupt image fails the read; when false the pairs that use it are
   *     skipped and logged
   * @throws DataException naming the file (and line) when the CSV or an image it names is missing,
   *     a line is malformed or its label is not 0/1, no pair is left, or (strict) an image is
   *     corrupt
   */
  public static PairSet read(Path csv, PreprocessingSpec spec, boolean strict) {
    if (!Files.isRegularFile(csv)) {
      throw new DataException("pairs file not found: " + csv);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DataException("cannot read pairs file " + csv + ": " + e.getMessage(), e);
    }
    Path base = csv.toAbsolutePath().getParent();
    List<Row> rows = parse(csv, lines, base);
    if (rows.isEmpty()) {
      throw new DataException("pairs file " + csv + " lists no pairs");
    }

    Map<Path, Integer> index = new LinkedHashMap<>();
    for (Row row : rows) {
      index.putIfAbsent(row.first(), index.size());
      index.putIfAbsent(row.second(), index.size());
    }
    List<Path> unique = new ArrayList<>(index.keySet());
    ImagePreprocessor preprocessor = new ImagePreprocessor(spec);
    float[][] images = new float[unique.size()][];
    String[] problems = new String[unique.size()];
    IntStream.range(0, unique.size())
        .parallel()
        .forEach(
            i -> {
              try {
                images[i] = preprocessor.fromBytes(Files.readAllBytes(unique.get(i)));
              } catch (InvalidImageException e) {
                problems[i] = e.getMessage();
              } catch (IOException e) {
                problems[i] = "cannot be read: " + e.getMessage();
              }
            });

    List<float[]> first = new ArrayList<>();
    List<float[]> second = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int skipped = 0;
    for (Row row : rows) {
      int a = index.get(row.first());
      int b = index.get(row.second());
      int bad = images[a] == null ? a : images[b] == null ? b : -1;
      if (bad >= 0) {
        String message =
            csv
                + " line "
                + row.line()
                + ": cannot use image "
                + unique.get(bad)
                + ": "
                + problems[bad];
        if (strict) {
          throw new DataException(message);
        }
        LOG.warn("Skipping pair at {}", message);
        skipped++;
        continue;
      }
      first.add(images[a]);
      second.add(images[b]);
      labels.add(row.label());
    }
    if (labels.isEmpty()) {
      throw new DataException(
          "pairs file " + csv + ": none of its " + rows.size() + " pairs is usable");
    }
    if (skipped > 0) {
      LOG.warn("Skipped {} of {} pairs in {}", skipped, rows.size(), csv);
    }
    return new PairSet(
        first.toArray(float[][]::new),
        second.toArray(float[][]::new),
        labels.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * The distinct image files {@code csv} names, in order of first mention.
   *
   * @throws DataException as {@link #read} for a missing file or a malformed line
   */
  public static List<Path> imageFiles(Path csv) {
    if (!Files.isRegularFile(csv)) {
      throw new DataException("pairs file not found: " + csv);
    }
    try {
      List<Row> rows =
          parse(
              csv,
              Files.readAllLines(csv, StandardCharsets.UTF_8),
              csv.toAbsolutePath().getParent());
      return rows.stream().flatMap(row -> Stream.of(row.first(), row.second())).distinct().toList();
    } catch (IOException e) {
      throw new DataException("cannot read pairs file " + csv + ": " + e.getMessage(), e);
    }
  }

  private record Row(int line, Path first, Path second, int label) {}

  private static List<Row> parse(Path csv, List<String> lines, Path base) {
    List<Row> rows = new ArrayList<>();
    boolean firstContentLine = true;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1).strip();
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int lineNumber = i + 1;
      String[] fields = line.split(",", -1);
      if (fields.length != 3) {
        throw new DataException(
            csv
                + " line "
                + lineNumber
                + ": expected 3 fields (path_a,path_b,label), found "
                + fields.length);
      }
      String label = fields[2].strip();
      boolean header = firstContentLine && !label.equals("0") && !label.equals("1");
      firstContentLine = false;
      if (header) {
        continue;
      }
      if (!label.equals("0") && !label.equals("1")) {
        throw new DataException(
            csv + " line " + lineNumber + ": label must be 0 or 1, found '" + label + "'");
      }
      Path a = resolve(csv, lineNumber, base, fields[0]);
      Path b = resolve(csv, lineNumber, base, fields[1]);
      rows.add(new Row(lineNumber, a, b, Integer.parseInt(label)));
    }
    return rows;
  }

  private static Path resolve(Path csv, int lineNumber, Path base, String field) {
    String name = field.strip();
    if (name.isEmpty()) {
      throw new DataException(csv + " line " + lineNumber + ": an image path is empty");
    }
    Path path;
    try {
      path = base.resolve(name).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new DataException(csv + " line " + lineNumber + ": invalid path '" + name + "'", e);
    }
    if (!Files.isRegularFile(path)) {
      throw new DataException(csv + " line " + lineNumber + ": image file not found: " + path);
    }
    return path;
  }
}
