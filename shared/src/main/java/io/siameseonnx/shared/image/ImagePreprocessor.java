package io.siameseonnx.shared.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns image bytes or raw pixel arrays into model inputs, following a {@link PreprocessingSpec}.
 * Thread-safe: it holds only the immutable spec.
 */
public final class ImagePreprocessor {
  static {
    ImageIO.setUseCache(false);
  }

  private final PreprocessingSpec spec;
  private final float background;
  private final boolean rgb;
  private final double wr;
  private final double wg;
  private final double wb;

  /** Creates a preprocessor for the given spec. */
  public ImagePreprocessor(PreprocessingSpec spec) {
    this.spec = spec;
    this.background = (float) spec.background();
    this.rgb = spec.channels() == PreprocessingSpec.RGB;
    this.wr = spec.lumaWeights().get(0);
    this.wg = spec.lumaWeights().get(1);
    this.wb = spec.lumaWeights().get(2);
  }

  /** The spec this preprocessor follows. */
  public PreprocessingSpec spec() {
    return spec;
  }

  /**
   * Decodes encoded image bytes and returns one CHW float image of {@link
   * PreprocessingSpec#tensorSize()} values in [0, 1].
   *
   * @throws InvalidImageException when the bytes are not a supported image, the image is empty or
   *     larger than the spec's pixel limit
   */
  public float[] fromBytes(byte[] bytes) {
    return fromBytes(bytes, DecodeGate.OPEN);
  }

  /**
   * As {@link #fromBytes(byte[])}, asking {@code gate} before the pixels are decoded and holding
   * its permit until the image is resized.
   *
   * @throws InvalidImageException as {@link #fromBytes(byte[])}
   */
  public float[] fromBytes(byte[] bytes, DecodeGate gate) {
    requireBytes(bytes);
    DecodeGate.Permit[] permit = new DecodeGate.Permit[1];
    try {
      return resize(decodePlanes(bytes, pixels -> permit[0] = gate.admit(pixels)));
    } finally {
      if (permit[0] != null) {
        permit[0].close();
      }
    }
  }

  /**
   * Prepares a row-major grayscale pixel array whose values lie in [0, {@code maxValue}] (for
   * example the digits' 8x8 values 0..16): scaled to [0, 1] first, then resized. With a 3-channel
   * spec the gray plane becomes three equal planes, as a gray image file does.
   */
  public float[] fromPixels(float[] pixels, int width, int height, float maxValue) {
    if (width <= 0 || height <= 0 || pixels.length != width * height) {
      throw new InvalidImageException(
          "pixel array of length "
              + pixels.length
              + " is not a "
              + width
              + "x"
              + height
              + " image");
    }
    if (!(maxValue > 0)) {
      throw new IllegalArgumentException("maxValue must be positive");
    }
    float[] scaled = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      float v = pixels[i];
      if (!Float.isFinite(v)) {
        throw new InvalidImageException("pixel " + i + " is not a finite number");
      }
      scaled[i] = v / maxValue;
    }
    return replicate(
        clampToUnit(Resampler.resize(scaled, width, height, spec.width(), spec.height())));
  }

  /**
   * Decodes image bytes to a float image in [0, 1] at its own size with the spec's channels, alpha
   * composited onto the spec's background.
   */
  public DecodedImage decode(byte[] bytes) {
    requireBytes(bytes);
    return decodePlanes(bytes, pixels -> {});
  }

  /**
   * As {@link #decode(byte[])}, always through ImageIO: the reference the direct PNG path meets.
   */
  DecodedImage decodeThroughImageIo(byte[] bytes) {
    requireBytes(bytes);
    return toPlanes(decodeChecked(bytes, pixels -> {}));
  }

  /**
   * Decodes to planes, the common PNGs directly ({@link PngSamples}), everything else through
   * ImageIO; both give the same values. {@code admit} is called once, before the pixels are
   * decoded.
   */
  private DecodedImage decodePlanes(byte[] bytes, LongConsumer admit) {
    Optional<PngSamples.Header> png = PngSamples.header(bytes);
    if (png.isEmpty()) {
      return toPlanes(decodeChecked(bytes, admit));
    }
    PngSamples.Header header = png.get();
    checkSize(header.width(), header.height());
    admit.accept(
        decodeCost(header.width(), header.height(), header.bitsPerPixel(), spec.channels()));
    return PngSamples.decode(bytes, header)
        .map(samples -> toPlanes(header, samples))
        // Data that does not inflate to the image: ImageIO says what is wrong (already admitted).
        .orElseGet(() -> toPlanes(decodeChecked(bytes, pixels -> {})));
  }

  /** How far apart (of 255) a pixel's red, green and blue must be for it to count as coloured. */
  public static final int COLOUR_LEVELS = 8;

  /**
   * Whether the image in {@code bytes} has colour: more than 0.5% of its visible (not fully
   * transparent) pixels have red, green and blue more than {@link #COLOUR_LEVELS} apart. A gray
   * image saved as RGB or JPEG, or a gray scan with a little chroma noise, has none. Decoded with
   * the spec's limits.
   *
   * @throws InvalidImageException as {@link #fromBytes(byte[])}
   */
  public boolean hasColour(byte[] bytes) {
    requireBytes(bytes);
    BufferedImage image = decodeChecked(bytes, pixels -> {});
    if (image.getColorModel().getNumColorComponents() == 1) {
      return false;
    }
    int width = image.getWidth();
    int[] row = new int[width];
    long visible = 0;
    long coloured = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int argb : row) {
        if ((argb >>> 24) == 0) {
          continue;
        }
        visible++;
        int r = (argb >> 16) & 0xff;
        int g = (argb >> 8) & 0xff;
        int b = argb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > COLOUR_LEVELS) {
          coloured++;
        }
      }
    }
    return coloured * 200 > visible;
  }

  private static void requireBytes(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new InvalidImageException("image is empty (0 bytes)");
    }
  }

  /**
   * Decodes after checking the format and the size, calling {@code admit} with the bytes decoding
   * will take first. Only the documented formats reach a decoder, and a decoder's warnings (a
   * truncated or corrupt file, which ImageIO would otherwise fill with made-up pixels) refuse the
   * image, as Pillow does by default.
   */
  private BufferedImage decodeChecked(byte[] bytes, LongConsumer admit) {
    ImageFormat format =
        ImageFormat.sniff(bytes)
            .orElseThrow(
                () ->
                    new UnsupportedImageFormatException(
                        "not a PNG, JPEG, BMP or GIF image ("
                            + ImageFormat.describeUnknown(bytes)
                            + ")"));
    boolean admitting = false;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName());
      if (in == null || !readers.hasNext()) {
        throw new IllegalStateException("this Java has no ImageIO reader for " + format);
      }
      ImageReader reader = readers.next();
      List<String> warnings = new ArrayList<>();
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
          throw new InvalidImageException("image has no pixels (" + width + "x" + height + ")");
        }
        checkSize(width, height);
        long cost = decodeBytes(reader, width, height, spec.channels());
        admitting = true;
        admit.accept(cost);
        admitting = false;
        BufferedImage image = reader.read(0);
        if (image == null) {
          throw new InvalidImageException("image could not be decoded");
        }
        if (!warnings.isEmpty()) {
          throw new InvalidImageException(
              "image is truncated or corrupt (" + warnings.get(0).strip() + ")");
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidImageException invalid) {
        throw invalid;
      }
      if (admitting && e instanceof RuntimeException refused) {
        throw refused; // the gate's answer, as it is
      }
      throw new InvalidImageException("image could not be decoded: " + describe(e), e);
    }
  }

  private void checkSize(int width, int height) {
    if ((long) width * height > spec.maxPixels()) {
      throw new InvalidImageException(
          "image is "
              + width
              + "x"
              + height
              + " pixels, over the limit of "
              + spec.maxPixels()
              + " pixels");
    }
  }

  /** The most bits one pixel of any image takes when decoded: 16-bit RGBA. */
  private static final int WORST_BITS_PER_PIXEL = 64;

  /**
   * What decoding an image takes: its raster (width x height x the bits of all its bands, as the
   * decoder will allocate it) and the float planes it becomes ({@code channels} of them, plus the
   * copy of one plane that resizing a colour image takes).
   */
  static long decodeBytes(ImageReader reader, int width, int height, int channels) {
    int bits = WORST_BITS_PER_PIXEL;
    try {
      Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
      if (types.hasNext()) {
        SampleModel model = types.next().getSampleModel(1, 1);
        int sum = 0;
        for (int size : model.getSampleSize()) {
          sum += size;
        }
        bits = Math.max(1, sum);
      }
    } catch (IOException | RuntimeException e) {
      // Unknown layout: count the worst case.
    }
    return decodeCost(width, height, bits, channels);
  }

  /** What decoding takes, for a raster of {@code bits} a pixel. */
  static long decodeCost(int width, int height, int bits, int channels) {
    long pixels = (long) width * height;
    int planes = channels == 1 ? 1 : channels + 1;
    return (pixels * bits + 7) / 8 + pixels * Float.BYTES * planes;
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private DecodedImage toPlanes(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int plane = width * height;
    ColorModel model = image.getColorModel();
    Raster raster = image.getRaster();
    if (model.getNumColorComponents() == 1 && raster.getNumBands() <= 2) {
      // Gray images are read from the raster: getRGB would apply a gamma conversion.
      float[] gray = new float[plane];
      int bits = model.getComponentSize(0);
      float max = (float) ((1L << bits) - 1);
      boolean alpha = model.hasAlpha() && raster.getNumBands() == 2;
      float alphaMax = alpha ? (float) ((1L << model.getComponentSize(1)) - 1) : 1f;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          float v = raster.getSample(x, y, 0) / max;
          gray[y * width + x] = alpha ? over(v, raster.getSample(x, y, 1) / alphaMax) : v;
        }
      }
      return new DecodedImage(width, height, spec.channels(), replicate(gray));
    }
    float[] out = new float[spec.channels() * plane];
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int argb = row[x];
        colour(
            out,
            y * width + x,
            plane,
            (argb >> 16) & 0xff,
            (argb >> 8) & 0xff,
            argb & 0xff,
            ((argb >>> 24) & 0xff) / 255.0);
      }
    }
    return new DecodedImage(width, height, spec.channels(), out);
  }

  /** The planes of a PNG's 8-bit samples, the same values as through ImageIO's raster. */
  private DecodedImage toPlanes(PngSamples.Header header, byte[] samples) {
    int plane = header.width() * header.height();
    int bands = header.bands();
    if (bands <= 2) {
      float[] gray = new float[plane];
      for (int i = 0; i < plane; i++) {
        float v = (samples[i * bands] & 0xff) / 255f;
        gray[i] = bands == 2 ? over(v, (samples[i * 2 + 1] & 0xff) / 255f) : v;
      }
      return new DecodedImage(header.width(), header.height(), spec.channels(), replicate(gray));
    }
    float[] out = new float[spec.channels() * plane];
    for (int i = 0, at = 0; i < plane; i++, at += bands) {
      double a = bands == 4 ? (samples[at + 3] & 0xff) / 255.0 : 1.0;
      colour(out, i, plane, samples[at] & 0xff, samples[at + 1] & 0xff, samples[at + 2] & 0xff, a);
    }
    return new DecodedImage(header.width(), header.height(), spec.channels(), out);
  }

  /** A gray value composited onto the background by its alpha. */
  private float over(float v, float a) {
    return v * a + background * (1 - a);
  }

  /**
   * Writes pixel {@code at} of 8-bit red, green, blue and alpha in [0, 1]: three planes, or the
   * luma plane of a gray spec, composited onto the background.
   */
  private void colour(float[] out, int at, int plane, int r, int g, int b, double a) {
    if (rgb) {
      out[at] = (float) (r / 255.0 * a + background * (1 - a));
      out[plane + at] = (float) (g / 255.0 * a + background * (1 - a));
      out[2 * plane + at] = (float) (b / 255.0 * a + background * (1 - a));
    } else {
      double luma = (wr * r + wg * g + wb * b) / 255.0;
      out[at] = (float) (luma * a + background * (1 - a));
    }
  }

  /** One gray plane as the spec's channels: itself, or three equal planes. */
  private float[] replicate(float[] gray) {
    if (spec.channels() == 1) {
      return gray;
    }
    float[] out = new float[spec.channels() * gray.length];
    for (int c = 0; c < spec.channels(); c++) {
      System.arraycopy(gray, 0, out, c * gray.length, gray.length);
    }
    return out;
  }

  /**
   * Resizes a decoded image in [0, 1] with the spec's channels to the spec's size, plane by plane;
   * the result is kept in [0, 1].
   */
  public float[] resize(DecodedImage image) {
    if (image.channels() != spec.channels()) {
      throw new IllegalArgumentException(
          "image has " + image.channels() + " channels, the spec " + spec.channels());
    }
    if (image.channels() == 1) {
      return clampToUnit(
          Resampler.resize(
              image.pixels(), image.width(), image.height(), spec.width(), spec.height()));
    }
    int plane = spec.width() * spec.height();
    float[] out = new float[image.channels() * plane];
    for (int c = 0; c < image.channels(); c++) {
      float[] resized =
          Resampler.resize(
              image.plane(c), image.width(), image.height(), spec.width(), spec.height());
      System.arraycopy(resized, 0, out, c * plane, plane);
    }
    return clampToUnit(out);
  }

  /**
   * Bicubic resampling over- and undershoots next to sharp edges (Pillow clips the same way for
   * 8-bit images); clamping keeps the documented [0, 1] range.
   */
  private static float[] clampToUnit(float[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.max(0f, Math.min(1f, values[i]));
    }
    return values;
  }
}
