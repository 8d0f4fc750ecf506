package io.siameseonnx.trainer.data;

import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads labelled images in MNIST's IDX format (as MNIST and Fashion-MNIST ship them), gzip'd or
 * not; compression is detected from the gzip magic bytes, not from the file name.
 */
public final class IdxDataset {
  /** Magic number of an IDX file of unsigned bytes with three dimensions (count, rows, columns). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned bytes with one dimension (count). */
  public static final int LABELS_MAGIC = 0x00000801;

  private IdxDataset() {}

  /**
   * Reads the first {@code limit} images and labels (all when {@code limit <= 0}); pixels are
   * scaled from 0..255 to [0, 1] and resized to the spec's size. Class names are "0" up to the
   * largest label read.
   *
   * @throws DataException naming the file when a file is missing, unreadable, has the wrong magic
   *     number or is truncated, or when the two files hold different numbers of entries
   */
  public static LabeledImages read(Path images, Path labels, PreprocessingSpec spec, int limit) {
    try (IdxFile imageFile = IdxFile.open(images);
        IdxFile labelFile = IdxFile.open(labels)) {
      imageFile.expectMagic(IMAGES_MAGIC, "image");
      labelFile.expectMagic(LABELS_MAGIC, "label");
      int count = imageFile.readInt();
      int rows = imageFile.readInt();
      int cols = imageFile.readInt();
      int labelCount = labelFile.readInt();
      if (count <= 0 || rows <= 0 || cols <= 0 || (long) rows * cols > spec.maxPixels()) {
        throw new DataException(
            images + " declares " + count + " images of " + rows + "x" + cols + " pixels");
      }
      if (count != labelCount) {
        throw new DataException(
            images
                + " holds "
                + count
                + " images but "
                + labels
                + " holds "
                + labelCount
                + " labels");
      }
      imageFile.checkPlainSize(16 + (long) count * rows * cols, count + " images");
      labelFile.checkPlainSize(8 + (long) count, count + " labels");
      int n = limit > 0 ? Math.min(limit, count) : count;

      byte[] labelBytes = new byte[n];
      labelFile.readFully(labelBytes, n + " labels");
      byte[][] pixelBytes = new byte[n][rows * cols];
      for (int i = 0; i < n; i++) {
        imageFile.readFully(pixelBytes[i], n + " images of " + rows + "x" + cols);
      }
      return assemble(images, labelBytes, pixelBytes, rows, cols, spec);
    }
  }

  private static LabeledImages assemble(
      Path source,
      byte[] labelBytes,
      byte[][] pixelBytes,
      int rows,
      int cols,
      PreprocessingSpec spec) {
    int n = labelBytes.length;
    int[] labelValues = new int[n];
    int maxLabel = 0;
    for (int i = 0; i < n; i++) {
      labelValues[i] = Byte.toUnsignedInt(labelBytes[i]);
      maxLabel = Math.max(maxLabel, labelValues[i]);
    }
    ImagePreprocessor preprocessor = new ImagePreprocessor(spec);
    float[][] out = new float[n][];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              byte[] raw = pixelBytes[i];
              float[] pixels = new float[raw.length];
              for (int p = 0; p < raw.length; p++) {
                pixels[p] = Byte.toUnsignedInt(raw[p]) / 255f;
              }
              out[i] = preprocessor.fromPixels(pixels, cols, rows, 1f);
            });
    List<String> classNames =
        IntStream.rangeClosed(0, maxLabel).mapToObj(Integer::toString).toList();
    return new LabeledImages(out, labelValues, classNames, source.toString());
  }

  /** One open IDX file whose failures all name the file. */
  private static final class IdxFile implements AutoCloseable {
    private final Path path;
    private final DataInputStream in;
    private final boolean gzip;

    private IdxFile(Path path, DataInputStream in, boolean gzip) {
      this.path = path;
      this.in = in;
      this.gzip = gzip;
    }

    static IdxFile open(Path path) {
      if (!Files.isRegularFile(path)) {
        throw new DataException("IDX file not found: " + path);
      }
      InputStream raw = null;
      try {
        raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        raw.mark(2);
        boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
        raw.reset();
        InputStream body = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new IdxFile(path, new DataInputStream(body), gzip);
      } catch (IOException e) {
        closeQuietly(raw);
        throw failure(path, "its header", e);
      }
    }

    void expectMagic(int expected, String kind) {
      int magic = readInt();
      if (magic != expected) {
        throw new DataException(
            String.format(
                "%s is not an IDX %s file: magic number 0x%08x, expected 0x%08x",
                path, kind, magic, expected));
      }
    }

    int readInt() {
      try {
        return in.readInt();
      } catch (IOException e) {
        throw failure(path, "its header", e);
      }
    }

    void readFully(byte[] into, String what) {
      try {
        in.readFully(into);
      } catch (IOException e) {
        throw failure(path, what, e);
      }
    }

    /** For an uncompressed file the size tells at once whether it is complete. */
    void checkPlainSize(long expected, String what) {
      if (gzip) {
        return;
      }
      try {
        long size = Files.size(path);
        if (size < expected) {
          throw new DataException(
              path + " is truncated: " + what + " need " + expected + " bytes, file has " + size);
        }
      } catch (IOException e) {
        throw failure(path, what, e);
      }
    }

    private static DataException failure(Path path, String what, IOException e) {
      if (e instanceof EOFException) {
        return new DataException(path + " is truncated: it ends before " + what, e);
      }
      return new DataException("cannot read " + path + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(InputStream stream) {
      if (stream == null) {
        return;
      }
      try {
        stream.close();
      } catch (IOException suppressed) {
        // nothing more to report than the failure already being thrown
      }
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        throw new DataException("cannot close " + path + ": " + e.getMessage(), e);
      }
    }
  }
}
