package io.siameseonnx.server.support;

import io.siameseonnx.shared.image.ImageWriting;
import java.util.Base64;
import java.util.Map;
import java.util.Random;

/** Test images: random gray PNGs and tensors. */
public final class Images {
  private Images() {}

  /** A random gray image in [0, 1]. */
  public static float[] pixels(int width, int height, long seed) {
    Random random = new Random(seed);
    float[] pixels = new float[width * height];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextFloat();
    }
    return pixels;
  }

  /** A random gray PNG. */
  public static byte[] png(int width, int height, long seed) {
    return ImageWriting.grayPng(pixels(width, height, seed), width, height);
  }

  /** A random 32x32 gray PNG as base64. */
  public static String pngBase64(long seed) {
    return Base64.getEncoder().encodeToString(png(32, 32, seed));
  }

  /** A 1x32x32 tensor object for JSON. */
  public static Map<String, Object> tensor(long seed) {
    return Map.of("tensor", pixels(32, 32, seed), "shape", new int[] {1, 32, 32});
  }
}
