package io.siameseonnx.trainer.data;

import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.InvalidImageException;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * Scikit-learn's 8x8 handwritten digits (1,797 images, values 0..16, UCI, CC BY 4.0), embedded as a
 * classpath resource; the seed's pretraining data.
 */
public final class Digits {
  /** The classpath resource: gzip'd CSV, no header, 64 pixel values 0..16 then the label. */
  public static final String RESOURCE = "/datasets/digits.csv.gz";

  /** Side length of one digit image. */
  public static final int SIDE = 8;

  /** The largest pixel value. */
  public static final float MAX_VALUE = 16f;

  private static final List<String> CLASS_NAMES =
      IntStream.range(0, 10).mapToObj(Integer::toString).toList();

  private Digits() {}

  /**
   * Loads all digits, each scaled to [0, 1] and resized to the spec's size, with class names "0" to
   * "9".
   *
   * @throws DataException when the resource is missing or malformed
   */
  public static LabeledImages load(PreprocessingSpec spec) {
    List<float[]> raw = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    InputStream resource = Digits.class.getResourceAsStream(RESOURCE);
    if (resource == null) {
      throw new DataException("digits resource " + RESOURCE + " is missing from the class path");
    }
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(resource), StandardCharsets.US_ASCII))) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        parseLine(line, lineNumber, raw, labels);
      }
    } catch (IOException e) {
      throw new DataException("cannot read digits resource " + RESOURCE + ": " + e.getMessage(), e);
    }
    ImagePreprocessor preprocessor = new ImagePreprocessor(spec);
    float[][] images = new float[raw.size()][];
    IntStream.range(0, raw.size())
        .parallel()
        .forEach(i -> images[i] = preprocessor.fromPixels(raw.get(i), SIDE, SIDE, MAX_VALUE));
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    return new LabeledImages(images, labelArray, CLASS_NAMES, "classpath:" + RESOURCE);
  }

  private static void parseLine(
      String line, int lineNumber, List<float[]> raw, List<Integer> labels) {
    String[] fields = line.split(",");
    if (fields.length != SIDE * SIDE + 1) {
      throw new DataException(
          RESOURCE + " line " + lineNumber + ": expected 65 values, found " + fields.length);
    }
    float[] pixels = new float[SIDE * SIDE];
    try {
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = Float.parseFloat(fields[i].trim());
        if (!(pixels[i] >= 0 && pixels[i] <= MAX_VALUE)) {
          throw new DataException(
              RESOURCE + " line " + lineNumber + ": pixel value " + fields[i] + " not in 0..16");
        }
      }
      float label = Float.parseFloat(fields[SIDE * SIDE].trim());
      if (label != Math.rint(label) || label < 0 || label > 9) {
        throw new DataException(
            RESOURCE + " line " + lineNumber + ": label " + fields[SIDE * SIDE] + " not in 0..9");
      }
      raw.add(pixels);
      labels.add((int) label);
    } catch (NumberFormatException | InvalidImageException e) {
      throw new DataException(RESOURCE + " line " + lineNumber + ": " + e.getMessage(), e);
    }
  }
}
