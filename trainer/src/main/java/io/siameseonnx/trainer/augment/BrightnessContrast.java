package io.siameseonnx.trainer.augment;

/**
 * Brightness and contrast jitter on an image in [0, 1]: {@code clamp((v - mean) * contrast + mean +
 * brightness, 0, 1)} for every value {@code v}, with {@code mean} the mean over all channels, so
 * that every channel changes alike and a colour keeps its hue. With a positive contrast the order
 * of any two pixels never reverses.
 */
final class BrightnessContrast {
  private BrightnessContrast() {}

  /** {@code image} with {@code brightness} added and its contrast scaled by {@code contrast}. */
  static float[] apply(float[] image, double brightness, double contrast) {
    if (!(contrast > 0)) {
      throw new IllegalArgumentException("the contrast factor must be positive: " + contrast);
    }
    double sum = 0;
    for (float v : image) {
      sum += v;
    }
    double mean = image.length == 0 ? 0 : sum / image.length;
    float[] out = new float[image.length];
    for (int i = 0; i < image.length; i++) {
      double v = (image[i] - mean) * contrast + mean + brightness;
      out[i] = (float) Math.max(0, Math.min(1, v));
    }
    return out;
  }
}
