package io.siameseonnx.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.shared.image.PreprocessingSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetTest {
  private static final int ROWS = 2;
  private static final int COLS = 3;
  private static final int COUNT = 5;
  // Output size equal to the input size: no resampling, so pixels are exactly byte / 255.
  private static final PreprocessingSpec SAME_SIZE = PreprocessingSpec.of(COLS, ROWS);

  @TempDir Path dir;

  private static byte[] pixels() {
    byte[] pixels = new byte[COUNT * ROWS * COLS];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 37 % 256);
    }
    return pixels;
  }

  private static final byte[] LABELS = {3, 0, 7, 3, 1};

  static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(data);
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private byte[] imageFile() throws IOException {
    return idx(IdxDataset.IMAGES_MAGIC, new int[] {COUNT, ROWS, COLS}, pixels());
  }

  private byte[] labelFile() throws IOException {
    return idx(IdxDataset.LABELS_MAGIC, new int[] {COUNT}, LABELS);
  }

  @Test
  void readsPlainFilesPixelForPixel() throws IOException {
    LabeledImages data =
        IdxDataset.read(
            write("images.idx", imageFile()), write("labels.idx", labelFile()), SAME_SIZE, 0);

    assertThat(data.size()).isEqualTo(COUNT);
    assertThat(data.labels()).containsExactly(3, 0, 7, 3, 1);
    assertThat(data.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
    byte[] raw = pixels();
    for (int i = 0; i < COUNT; i++) {
      for (int p = 0; p < ROWS * COLS; p++) {
        assertThat(data.images()[i][p])
            .as("image %d pixel %d", i, p)
            .isEqualTo(Byte.toUnsignedInt(raw[i * ROWS * COLS + p]) / 255f);
      }
    }
  }

  @Test
  void gzipIsDetectedByItsMagicBytesNotByTheFileName() throws IOException {
    LabeledImages plain =
        IdxDataset.read(write("a.idx", imageFile()), write("b.idx", labelFile()), SAME_SIZE, 0);
    // a gzip'd file without .gz, and a plain file that pretends to be one
    LabeledImages zipped =
        IdxDataset.read(
            write("images-ubyte", gzip(imageFile())),
            write("labels.gz", labelFile()),
            SAME_SIZE,
            0);

    assertThat(zipped.fingerprint()).isEqualTo(plain.fingerprint());
  }

  @Test
  void aLimitReadsOnlyTheFirstEntries() throws IOException {
    LabeledImages data =
        IdxDataset.read(
            write("i.gz", gzip(imageFile())), write("l.gz", gzip(labelFile())), SAME_SIZE, 2);

    assertThat(data.size()).isEqualTo(2);
    assertThat(data.labels()).containsExactly(3, 0);
    assertThat(data.numClasses()).isEqualTo(4);
  }

  @Test
  void imagesAreResizedToTheSpec() throws IOException {
    LabeledImages data =
        IdxDataset.read(
            write("i", imageFile()), write("l", labelFile()), PreprocessingSpec.defaults(), 0);

    for (float[] image : data.images()) {
      assertThat(image).hasSize(32 * 32);
    }
  }

  @Test
  void aLabelFileGivenAsImagesIsRefusedByItsMagicNumber() throws IOException {
    Path labels = write("labels.idx", labelFile());

    assertThatThrownBy(() -> IdxDataset.read(labels, labels, SAME_SIZE, 0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(labels.toString())
        .hasMessageContaining("0x00000801")
        .hasMessageContaining("expected 0x00000803");
  }

  @Test
  void aLabelFileWithTheWrongMagicNumberIsNamed() throws IOException {
    Path images = write("images.idx", imageFile());
    Path labels =
        write("labels.idx", idx(0x00000802, new int[] {COUNT}, LABELS)); // not unsigned bytes

    assertThatThrownBy(() -> IdxDataset.read(images, labels, SAME_SIZE, 0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(labels.toString())
        .hasMessageContaining("expected 0x00000801");
  }

  @Test
  void aTruncatedPlainFileIsRefusedEvenWithALimit() throws IOException {
    byte[] full = imageFile();
    Path images = write("images.idx", Arrays.copyOf(full, full.length - 4));
    Path labels = write("labels.idx", labelFile());

    assertThatThrownBy(() -> IdxDataset.read(images, labels, SAME_SIZE, 1))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(images.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void aTruncatedGzipFileIsRefused() throws IOException {
    byte[] full = imageFile();
    Path images = write("images.gz", gzip(Arrays.copyOf(full, full.length - 4)));
    Path labels = write("labels.gz", gzip(labelFile()));

    assertThatThrownBy(() -> IdxDataset.read(images, labels, SAME_SIZE, 0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(images.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void aCutOffGzipStreamIsRefused() throws IOException {
    byte[] zipped = gzip(imageFile());
    Path images = write("images.gz", Arrays.copyOf(zipped, zipped.length - 12));
    Path labels = write("labels.gz", gzip(labelFile()));

    assertThatThrownBy(() -> IdxDataset.read(images, labels, SAME_SIZE, 0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(images.toString());
  }

  @Test
  void anEmptyFileIsTruncated() throws IOException {
    Path images = write("images.idx", new byte[0]);
    Path labels = write("labels.idx", labelFile());

    assertThatThrownBy(() -> IdxDataset.read(images, labels, SAME_SIZE, 0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(images.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void differentImageAndLabelCountsAreRefused() throws IOException {
    Path images = write("images.idx", imageFile());
    Path labels =
        write(
            "labels.idx",
            idx(IdxDataset.LABELS_MAGIC, new int[] {COUNT - 1}, Arrays.copyOf(LABELS, 4)));

    assertThatThrownBy(() -> IdxDataset.read(images, labels, SAME_SIZE, 0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("5 images")
        .hasMessageContaining("4 labels")
        .hasMessageContaining(labels.toString());
  }

  @Test
  void aMissingFileIsNamed() throws IOException {
    Path images = write("images.idx", imageFile());
    Path labels = dir.resolve("nope.idx");

    assertThatThrownBy(() -> IdxDataset.read(images, labels, SAME_SIZE, 0))
        .isInstanceOf(DataException.class)
        .hasMessage("IDX file not found: " + labels);
  }
}
