package io.siameseonnx.shared.image;

import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A direct decoder for the PNG files a client most often sends: 8 bits a sample, gray, gray and
 * alpha, RGB or RGBA, not interlaced, without a transparent colour ({@code tRNS}) or an embedded
 * colour profile ({@code iCCP}), in one well-formed file (IHDR, consecutive IDATs, IEND). It gives
 * the samples exactly as ImageIO's PNG reader puts them in its raster, without ImageIO's service
 * lookups, streams and per-pixel raster calls (for a 32x32 PNG those cost several times the
 * inflating and unfiltering). Every other PNG, and every file that is not as above, is left to
 * ImageIO: {@link #header} answers empty, and {@link #decode} answers empty where the data does not
 * inflate to exactly the image.
 */
final class PngSamples {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final int IHDR = chunk("IHDR");
  private static final int IDAT = chunk("IDAT");
  private static final int IEND = chunk("IEND");
  private static final int PLTE = chunk("PLTE");
  private static final int TRNS = chunk("tRNS");
  private static final int ICCP = chunk("iCCP");

  private PngSamples() {}

  /**
   * A PNG this decoder takes: its size, its bands (1 gray, 2 gray and alpha, 3 RGB, 4 RGBA) and
   * where its compressed data lies.
   */
  record Header(int width, int height, int bands, int firstIdat, int idatChunks) {
    /** Bits of all bands of one pixel, as ImageIO's raster holds them. */
    int bitsPerPixel() {
      return 8 * bands;
    }
  }

  /** The header of a PNG this decoder takes, or empty for any other file. */
  static Optional<Header> header(byte[] png) {
    if (png.length < SIGNATURE.length + 25) {
      return Optional.empty();
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (png[i] != SIGNATURE[i]) {
        return Optional.empty();
      }
    }
    int at = SIGNATURE.length;
    if (intAt(png, at) != 13 || intAt(png, at + 4) != IHDR) {
      return Optional.empty();
    }
    int width = intAt(png, at + 8);
    int height = intAt(png, at + 12);
    int depth = png[at + 16];
    int bands =
        switch (png[at + 17]) {
          case 0 -> 1;
          case 4 -> 2;
          case 2 -> 3;
          case 6 -> 4;
          default -> 0;
        };
    if (width <= 0
        || height <= 0
        || depth != 8
        || bands == 0
        || png[at + 18] != 0
        || png[at + 19] != 0
        || png[at + 20] != 0) {
      return Optional.empty();
    }
    at += 25;
    int firstIdat = -1;
    int idats = 0;
    boolean idatsEnded = false;
    while (at + 12 <= png.length) {
      int length = intAt(png, at);
      int type = intAt(png, at + 4);
      if (length < 0 || length > png.length - at - 12) {
        return Optional.empty();
      }
      if (type == IDAT) {
        if (idatsEnded) {
          return Optional.empty();
        }
        if (firstIdat < 0) {
          firstIdat = at;
        }
        idats++;
      } else {
        idatsEnded = firstIdat >= 0;
        if (type == IEND) {
          return firstIdat < 0 || at + 12 != png.length
              ? Optional.empty()
              : Optional.of(new Header(width, height, bands, firstIdat, idats));
        }
        boolean critical = (png[at + 4] & 0x20) == 0;
        if (type == TRNS || type == ICCP || critical && type != PLTE) {
          return Optional.empty();
        }
      }
      at += 12 + length;
    }
    return Optional.empty();
  }

  /**
   * The samples of the image, interleaved row by row ({@code bands} bytes a pixel), or empty when
   * the data does not inflate to exactly the image or a row has an unknown filter.
   */
  static Optional<byte[]> decode(byte[] png, Header header) {
    int stride = header.width() * header.bands();
    long rawSize = (long) header.height() * (stride + 1);
    if ((long) header.width() * header.bands() > Integer.MAX_VALUE - 1
        || rawSize > Integer.MAX_VALUE - 8) {
      return Optional.empty();
    }
    // One byte more than the image takes, so that data beyond it shows.
    byte[] raw = new byte[(int) rawSize + 1];
    Inflater inflater = new Inflater();
    try {
      int produced = 0;
      int at = header.firstIdat();
      for (int i = 0; i < header.idatChunks() && !inflater.finished(); i++) {
        int length = intAt(png, at);
        inflater.setInput(png, at + 8, length);
        while (!inflater.needsInput() && !inflater.finished()) {
          int n = inflater.inflate(raw, produced, raw.length - produced);
          produced += n;
          if (n == 0 && !inflater.needsInput() && !inflater.finished()) {
            return Optional.empty(); // a dictionary, or more data than the image
          }
        }
        at += 12 + length;
      }
      if (!inflater.finished() || produced != rawSize) {
        return Optional.empty();
      }
    } catch (DataFormatException e) {
      return Optional.empty();
    } finally {
      inflater.end();
    }
    return unfilter(raw, header.height(), stride, header.bands());
  }

  /** Undoes the rows' filters, answering the samples without the filter bytes. */
  private static Optional<byte[]> unfilter(byte[] raw, int height, int stride, int bpp) {
    byte[] out = new byte[height * stride];
    for (int y = 0; y < height; y++) {
      int in = y * (stride + 1) + 1;
      int row = y * stride;
      int prior = row - stride;
      switch (raw[in - 1]) {
        case 0 -> System.arraycopy(raw, in, out, row, stride);
        case 1 -> {
          for (int x = 0; x < stride; x++) {
            int left = x >= bpp ? out[row + x - bpp] : 0;
            out[row + x] = (byte) (raw[in + x] + left);
          }
        }
        case 2 -> {
          for (int x = 0; x < stride; x++) {
            int up = y > 0 ? out[prior + x] : 0;
            out[row + x] = (byte) (raw[in + x] + up);
          }
        }
        case 3 -> {
          for (int x = 0; x < stride; x++) {
            int left = x >= bpp ? out[row + x - bpp] & 0xff : 0;
            int up = y > 0 ? out[prior + x] & 0xff : 0;
            out[row + x] = (byte) (raw[in + x] + ((left + up) >> 1));
          }
        }
        case 4 -> {
          for (int x = 0; x < stride; x++) {
            int a = x >= bpp ? out[row + x - bpp] & 0xff : 0;
            int b = y > 0 ? out[prior + x] & 0xff : 0;
            int c = x >= bpp && y > 0 ? out[prior + x - bpp] & 0xff : 0;
            out[row + x] = (byte) (raw[in + x] + paeth(a, b, c));
          }
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    return Optional.of(out);
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    if (pa <= pb && pa <= pc) {
      return a;
    }
    return pb <= pc ? b : c;
  }

  private static int intAt(byte[] b, int at) {
    return (b[at] & 0xff) << 24
        | (b[at + 1] & 0xff) << 16
        | (b[at + 2] & 0xff) << 8
        | b[at + 3] & 0xff;
  }

  private static int chunk(String type) {
    return type.charAt(0) << 24 | type.charAt(1) << 16 | type.charAt(2) << 8 | type.charAt(3);
  }
}
