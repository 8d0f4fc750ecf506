package io.siameseonnx.shared.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reference outputs of Pillow 9.4.0's {@code Image.resize(size, Image.BICUBIC)} on mode-"F" images,
 * produced once with this script and kept as test resources ({@code pillow-bicubic/*.txt}, one
 * output row a line) so that the tests never call Python:
 *
 * <pre>
 * from PIL import Image
 * def run(w, h, f, ow, oh):
 *     im = Image.new("F", (w, h))
 *     im.putdata([f(x, y) for y in range(h) for x in range(w)])
 *     return list(im.resize((ow, oh), Image.BICUBIC).getdata())
 * RAMP_8_TO_32 = run(8, 8, lambda x, y: (x + 8 * y) / 64.0, 32, 32)
 * PATTERN_40_TO_32 = run(40, 40, lambda x, y: ((x * 7 + y * 13) % 17) / 16.0, 32, 32)
 * ODD_5X3_TO_2X7 = run(5, 3, lambda x, y: ((x * 3 + y * 5) % 7) / 8.0, 2, 7)
 * # printed row-major with "%.9g"
 * </pre>
 *
 * <p>The inputs are exact binary fractions, so Java builds bit-identical inputs.
 */
final class PillowBicubicReference {
  private PillowBicubicReference() {}

  static final float[] RAMP_8_TO_32 = load("ramp-8-to-32.txt", 32 * 32);
  static final float[] PATTERN_40_TO_32 = load("pattern-40-to-32.txt", 32 * 32);
  static final float[] ODD_5X3_TO_2X7 = load("odd-5x3-to-2x7.txt", 2 * 7);

  private static float[] load(String name, int count) {
    String resource = "/pillow-bicubic/" + name;
    try (InputStream in = PillowBicubicReference.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the test class path");
      }
      String[] tokens =
          new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
      if (tokens.length != count) {
        throw new IllegalStateException(
            resource + " holds " + tokens.length + " values, not " + count);
      }
      float[] values = new float[count];
      for (int i = 0; i < count; i++) {
        values[i] = Float.parseFloat(tokens[i]);
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
