package io.siameseonnx.shared.image;

import java.util.List;

/**
 * How an image becomes a model input; recorded in the model card so that training and serving
 * cannot drift.
 *
 * <p>The steps, in order:
 *
 * <ol>
 *   <li>Decode PNG, JPEG, BMP or GIF (first frame). Images with more than {@code maxPixels} pixels
 *       are refused before their pixels are decoded.
 *   <li>Composite any alpha channel onto a uniform background of {@code background} (in [0, 1]; 1.0
 *       is white).
 *   <li>With {@code channels} 1, grayscale: {@code (0.299 R + 0.587 G + 0.114 B) / 255} computed in
 *       floating point, without rounding (gray images are read as they are, divided by their
 *       maximum sample value). With {@code channels} 3, the red, green and blue planes, each {@code
 *       / 255} (a gray image gives three equal planes). Compositing applies to each plane.
 *   <li>Resize each plane to {@code width x height} with {@code resize}: {@code "bicubic-pil"} is
 *       exactly Pillow's {@code Image.resize((w, h), Image.BICUBIC)} on a mode-"F" image (Keys
 *       kernel with a = -0.5, support widened by the scale factor when shrinking, weights
 *       normalised at the borders).
 *   <li>Values are clamped to [0, 1] (bicubic resampling overshoots next to sharp edges, and Pillow
 *       clips likewise for 8-bit images) and kept as {@code float32}; the tensor layout is NCHW
 *       with C = {@code channels}.
 * </ol>
 *
 * @param width model input width in pixels
 * @param height model input height in pixels
 * @param channels input channels: 1 (grayscale) or 3 (RGB planes, in that order)
 * @param resize the resampling method; only {@code "bicubic-pil"} is defined
 * @param background alpha-compositing background in [0, 1]
 * @param lumaWeights red, green and blue weights of the grayscale conversion
 * @param maxPixels the largest decoded image accepted (width x height)
 */
public record PreprocessingSpec(
    int width,
    int height,
    int channels,
    String resize,
    double background,
    List<Double> lumaWeights,
    long maxPixels) {

  /** Pillow-compatible bicubic resampling, the only method defined so far. */
  public static final String BICUBIC_PIL = "bicubic-pil";

  /** Grayscale: one channel. */
  public static final int GRAY = 1;

  /** Colour: red, green and blue planes. */
  public static final int RGB = 3;

  /** The default: 32x32 grayscale, white background, at most 40 megapixels. */
  public static PreprocessingSpec defaults() {
    return of(32, 32);
  }

  /** A grayscale spec of the given size with the default method, background and pixel limit. */
  public static PreprocessingSpec of(int width, int height) {
    return of(width, height, GRAY);
  }

  /**
   * A spec of the given size and channels ({@link #GRAY} or {@link #RGB}) with the default method,
   * background and pixel limit.
   */
  public static PreprocessingSpec of(int width, int height, int channels) {
    return new PreprocessingSpec(
        width, height, channels, BICUBIC_PIL, 1.0, List.of(0.299, 0.587, 0.114), 40_000_000L);
  }

  /** The same spec with other channels. */
  public PreprocessingSpec withChannels(int channels) {
    return new PreprocessingSpec(
        width, height, channels, resize, background, lumaWeights, maxPixels);
  }

  /** Validates the spec; called by the preprocessor. */
  public PreprocessingSpec {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("input size must be positive: " + width + "x" + height);
    }
    if (channels != GRAY && channels != RGB) {
      throw new IllegalArgumentException(
          "channels must be 1 (grayscale) or 3 (RGB), not " + channels);
    }
    if (!BICUBIC_PIL.equals(resize)) {
      throw new IllegalArgumentException("unknown resize method: " + resize);
    }
    lumaWeights = lumaWeights == null ? null : List.copyOf(lumaWeights);
    if (lumaWeights == null || lumaWeights.size() != 3) {
      throw new IllegalArgumentException("luma_weights must hold three numbers");
    }
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("max_pixels must be positive");
    }
  }

  /** Number of floats in one preprocessed image. */
  public int tensorSize() {
    return channels * height * width;
  }
}
