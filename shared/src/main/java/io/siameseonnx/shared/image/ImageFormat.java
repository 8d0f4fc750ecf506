package io.siameseonnx.shared.image;

import java.util.Optional;

/**
 * The image formats the project decodes, recognised by their first bytes: PNG, JPEG, BMP and GIF.
 * Anything else (TIFF, WebP, a format an ImageIO plugin on the class path happens to read) is
 * refused before a decoder sees it.
 */
public enum ImageFormat {
  /** Portable Network Graphics. */
  PNG("png", new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}),
  /** JPEG (JFIF, Exif): SOI marker then another marker. */
  JPEG("jpeg", new int[] {0xFF, 0xD8, 0xFF}),
  /** Windows bitmap. */
  BMP("bmp", new int[] {'B', 'M'}),
  /** GIF 87a or 89a (the first frame is decoded). */
  GIF("gif", new int[] {'G', 'I', 'F', '8'});

  private final String readerName;
  private final int[] magic;

  ImageFormat(String readerName, int[] magic) {
    this.readerName = readerName;
    this.magic = magic;
  }

  /** The ImageIO format name whose reader decodes it. */
  public String readerName() {
    return readerName;
  }

  /** The format whose signature the bytes start with, if any. */
  public static Optional<ImageFormat> sniff(byte[] bytes) {
    for (ImageFormat format : values()) {
      if (format.matches(bytes)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  private boolean matches(byte[] bytes) {
    if (bytes.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((bytes[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** A short description of unknown leading bytes: their hex, and a guess at the format. */
  static String describeUnknown(byte[] bytes) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(4, bytes.length); i++) {
      hex.append(i == 0 ? "" : " ").append(String.format("%02X", bytes[i] & 0xFF));
    }
    String guess = "";
    if (bytes.length >= 4
        && (bytes[0] == 'I' && bytes[1] == 'I' && bytes[2] == 42 && bytes[3] == 0
            || bytes[0] == 'M' && bytes[1] == 'M' && bytes[2] == 0 && bytes[3] == 42)) {
      guess = ": a TIFF";
    } else if (bytes.length >= 12
        && bytes[0] == 'R'
        && bytes[1] == 'I'
        && bytes[2] == 'F'
        && bytes[3] == 'F'
        && bytes[8] == 'W'
        && bytes[9] == 'E'
        && bytes[10] == 'B'
        && bytes[11] == 'P') {
      guess = ": a WebP";
    }
    return "it starts with " + hex + guess;
  }
}
