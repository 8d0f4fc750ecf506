package io.siameseonnx.shared.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The direct PNG decoder gives exactly ImageIO's values for every file it takes (all colour types
 * it handles, all five row filters, data split over several IDAT chunks), and leaves every other
 * PNG and every damaged one to ImageIO.
 */
class PngSamplesTest {
  private static final ImagePreprocessor GRAY = new ImagePreprocessor(PreprocessingSpec.of(32, 32));
  private static final ImagePreprocessor RGB =
      new ImagePreprocessor(PreprocessingSpec.of(32, 32, PreprocessingSpec.RGB));

  /** PNG colour types and their bands: gray, gray and alpha, RGB, RGBA. */
  private static final int[][] TYPES = {{0, 1}, {4, 2}, {2, 3}, {6, 4}};

  @Test
  void everyColourTypeAndFilterDecodesAsImageIoDoes() throws IOException {
    Random random = new Random(7);
    int files = 0;
    for (int[] type : TYPES) {
      for (int[] size : new int[][] {{1, 1}, {3, 5}, {32, 32}, {57, 19}}) {
        for (int idatSize : new int[] {1 << 20, 7}) {
          byte[] samples = new byte[size[0] * size[1] * type[1]];
          random.nextBytes(samples);
          // Smooth rows as well as noise, so that each filter sees both.
          for (int i = samples.length / 2; i < samples.length; i++) {
            samples[i] = (byte) (i / 3);
          }
          byte[] png = png(size[0], size[1], type[0], type[1], samples, idatSize);
          assertThat(PngSamples.header(png)).as("taken").isPresent();
          assertThat(PngSamples.decode(png, PngSamples.header(png).orElseThrow()))
              .as("samples")
              .hasValueSatisfying(decoded -> assertThat(decoded).isEqualTo(samples));
          assertSameAsImageIo(png);
          files++;
        }
      }
    }
    assertThat(files).isEqualTo(32);
  }

  @Test
  void pngsWrittenByImageIoDecodeAsImageIoDoes() throws IOException {
    Random random = new Random(11);
    for (int type :
        new int[] {
          BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR
        }) {
      BufferedImage image = new BufferedImage(45, 33, type);
      for (int y = 0; y < 33; y++) {
        for (int x = 0; x < 45; x++) {
          image.setRGB(x, y, y < 16 ? random.nextInt() : 0x80000000 | x * 5 << 8 | y * 7);
        }
      }
      byte[] png = ImageDecodingTest.encode(image, "png");
      assertThat(PngSamples.header(png)).isPresent();
      assertSameAsImageIo(png);
    }
  }

  @Test
  void otherPngsAreLeftToImageIo() throws IOException {
    byte[] gray = new byte[16];
    Arrays.fill(gray, (byte) 90);
    byte[] plain = png(4, 4, 0, 1, gray, 1 << 20);
    assertThat(PngSamples.header(plain)).isPresent();

    // 16 bits a sample, a palette, interlaced, a transparent colour, a colour profile.
    BufferedImage sixteen = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
    BufferedImage palette =
        new BufferedImage(
            4,
            4,
            BufferedImage.TYPE_BYTE_INDEXED,
            new IndexColorModel(
                2, 2, new byte[] {0, (byte) 255}, new byte[] {0, 0}, new byte[] {0, 9}));
    for (BufferedImage image : new BufferedImage[] {sixteen, palette}) {
      byte[] png = ImageDecodingTest.encode(image, "png");
      assertThat(PngSamples.header(png)).isEmpty();
      assertSameAsImageIo(png);
    }
    byte[] interlaced = plain.clone();
    interlaced[8 + 8 + 12] = 1;
    assertThat(PngSamples.header(withIhdrCrc(interlaced))).isEmpty();
    assertThat(PngSamples.header(withChunk(plain, "tRNS", new byte[] {0, 90}))).isEmpty();
    assertThat(PngSamples.header(withChunk(plain, "iCCP", new byte[] {'p', 0, 0}))).isEmpty();
    assertSameAsImageIo(withChunk(plain, "tRNS", new byte[] {0, 90}));
    // An unknown ancillary chunk is skipped; an unknown critical one is ImageIO's to refuse.
    assertThat(PngSamples.header(withChunk(plain, "tEXt", "a\0b".getBytes(StandardCharsets.UTF_8))))
        .isPresent();
    assertThat(PngSamples.header(withChunk(plain, "ABCD", new byte[] {1}))).isEmpty();
    // Bytes after IEND, a missing IEND.
    assertThat(PngSamples.header(Arrays.copyOf(plain, plain.length + 1))).isEmpty();
    assertThat(PngSamples.header(Arrays.copyOf(plain, plain.length - 12))).isEmpty();
  }

  @Test
  void damagedDataIsRefusedAsImageIoRefusesIt() {
    byte[] samples = new byte[32 * 32];
    new Random(3).nextBytes(samples);
    byte[] png = png(32, 32, 0, 1, samples, 1 << 20);
    byte[] damaged = png.clone();
    int idat = 8 + 25;
    for (int i = idat + 8 + 2; i < idat + 8 + 40; i++) {
      damaged[i] ^= 0x5a;
    }
    assertThat(PngSamples.header(damaged)).isPresent();
    assertThat(PngSamples.decode(damaged, PngSamples.header(damaged).orElseThrow())).isEmpty();
    assertThatThrownBy(() -> GRAY.fromBytes(damaged)).isInstanceOf(InvalidImageException.class);

    // A filter byte that is not 0-4.
    byte[] badFilter = png(2, 2, 0, 1, new byte[4], 1 << 20, 9);
    assertThat(PngSamples.decode(badFilter, PngSamples.header(badFilter).orElseThrow())).isEmpty();
    assertThatThrownBy(() -> GRAY.fromBytes(badFilter)).isInstanceOf(InvalidImageException.class);
  }

  @Test
  void theDecodeGateIsAskedOnceWithImageIosCost() {
    byte[] png = png(10, 6, 6, 4, new byte[10 * 6 * 4], 1 << 20);
    long[] asked = new long[2];
    RGB.fromBytes(
        png,
        bytes -> {
          asked[0]++;
          asked[1] = bytes;
          return () -> {};
        });
    assertThat(asked[0]).isOne();
    assertThat(asked[1]).isEqualTo(ImagePreprocessor.decodeCost(10, 6, 32, 3));
  }

  private static void assertSameAsImageIo(byte[] png) {
    for (ImagePreprocessor preprocessor : new ImagePreprocessor[] {GRAY, RGB}) {
      DecodedImage direct = preprocessor.decode(png);
      DecodedImage reference = preprocessor.decodeThroughImageIo(png);
      assertThat(direct.width()).isEqualTo(reference.width());
      assertThat(direct.height()).isEqualTo(reference.height());
      assertThat(direct.pixels()).as("bit for bit").isEqualTo(reference.pixels());
    }
  }

  /** An 8-bit PNG with the rows' filters 0, 1, 2, 3, 4 in turn, IDAT chunks of idatSize. */
  static byte[] png(int width, int height, int colourType, int bands, byte[] samples, int idat) {
    return png(width, height, colourType, bands, samples, idat, -1);
  }

  private static byte[] png(
      int width, int height, int colourType, int bands, byte[] samples, int idat, int filter) {
    int stride = width * bands;
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    for (int y = 0; y < height; y++) {
      int f = filter >= 0 ? filter : y % 5;
      raw.write(f);
      for (int x = 0; x < stride; x++) {
        int v = samples[y * stride + x] & 0xff;
        int a = x >= bands ? samples[y * stride + x - bands] & 0xff : 0;
        int b = y > 0 ? samples[(y - 1) * stride + x] & 0xff : 0;
        int c = x >= bands && y > 0 ? samples[(y - 1) * stride + x - bands] & 0xff : 0;
        int predicted =
            switch (f) {
              case 1 -> a;
              case 2 -> b;
              case 3 -> (a + b) / 2;
              case 4 -> paeth(a, b, c);
              default -> 0;
            };
        raw.write(v - predicted);
      }
    }
    Deflater deflater = new Deflater();
    deflater.setInput(raw.toByteArray());
    deflater.finish();
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!deflater.finished()) {
      compressed.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, width);
    putInt(ihdr, 4, height);
    ihdr[8] = 8;
    ihdr[9] = (byte) colourType;
    chunk(out, "IHDR", ihdr);
    byte[] data = compressed.toByteArray();
    for (int at = 0; at < data.length; at += idat) {
      chunk(out, "IDAT", Arrays.copyOfRange(data, at, Math.min(data.length, at + idat)));
    }
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }

  /** The file with one more chunk right after IHDR. */
  private static byte[] withChunk(byte[] png, String type, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, 33);
    chunk(out, type, data);
    out.write(png, 33, png.length - 33);
    return out.toByteArray();
  }

  private static byte[] withIhdrCrc(byte[] png) {
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    putInt(png, 29, (int) crc.getValue());
    return png;
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] head = new byte[8];
    putInt(head, 0, data.length);
    System.arraycopy(type.getBytes(StandardCharsets.US_ASCII), 0, head, 4, 4);
    out.writeBytes(head);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(head, 4, 4);
    crc.update(data);
    byte[] tail = new byte[4];
    putInt(tail, 0, (int) crc.getValue());
    out.writeBytes(tail);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  static {
    ImageIO.setUseCache(false);
  }
}
