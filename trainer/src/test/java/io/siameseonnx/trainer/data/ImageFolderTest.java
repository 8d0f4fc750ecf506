package io.siameseonnx.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.shared.image.ImageWriting;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
  // 4x4 images read at 4x4: no resampling, so a flat image keeps its exact gray level.
  private static final PreprocessingSpec SPEC = PreprocessingSpec.of(4, 4);

  @TempDir Path root;

  static Path png(Path file, int level) throws IOException {
    float[] pixels = new float[16];
    Arrays.fill(pixels, level / 255f);
    Files.createDirectories(file.getParent());
    return Files.write(file, ImageWriting.grayPng(pixels, 4, 4));
  }

  private void goodFolder() throws IOException {
    // created out of order: the reader sorts classes and files by name
    png(root.resolve("zebra/2.png"), 40);
    png(root.resolve("zebra/1.png"), 30);
    png(root.resolve("apple/b.png"), 20);
    png(root.resolve("apple/a.png"), 10);
    png(root.resolve("apple/c.png"), 25);
    Files.writeString(root.resolve("apple/.DS_Store"), "not an image");
    png(root.resolve(".hidden/x.png"), 99);
    png(root.resolve(".hidden/y.png"), 99);
    Files.writeString(root.resolve("README.txt"), "files at the top are ignored");
  }

  @Test
  void readsClassesAndFilesInSortedOrderIgnoringHiddenOnes() throws IOException {
    goodFolder();

    ImageFolder.Result result = ImageFolder.read(root, SPEC, false);

    LabeledImages images = result.images();
    assertThat(images.classNames()).containsExactly("apple", "zebra");
    assertThat(images.labels()).containsExactly(0, 0, 0, 1, 1);
    assertThat(Arrays.stream(images.images()).map(image -> Math.round(image[0] * 255)))
        .containsExactly(10, 20, 25, 30, 40);
    assertThat(images.images()[0]).hasSize(16);
    assertThat(result.skipped()).isZero();
    assertThat(result.skippedFiles()).isEmpty();
  }

  @Test
  void readingTwiceGivesTheSameFingerprint() throws IOException {
    goodFolder();

    String first = ImageFolder.read(root, SPEC, true).images().fingerprint();
    String second = ImageFolder.read(root, SPEC, true).images().fingerprint();

    assertThat(first).isEqualTo(second).hasSize(64);
  }

  @Test
  void aCorruptImageIsSkippedAndCounted() throws IOException {
    goodFolder();
    Path corrupt = Files.writeString(root.resolve("zebra/0-broken.png"), "this is no PNG");

    ImageFolder.Result result = ImageFolder.read(root, SPEC, false);

    assertThat(result.skipped()).isEqualTo(1);
    assertThat(result.skippedFiles()).containsExactly(corrupt);
    assertThat(result.images().size()).isEqualTo(5);
  }

  @Test
  void aCorruptImageFailsAStrictRead() throws IOException {
    goodFolder();
    Path corrupt = Files.writeString(root.resolve("zebra/0-broken.png"), "this is no PNG");

    assertThatThrownBy(() -> ImageFolder.read(root, SPEC, true))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(corrupt.toString());
  }

  @Test
  void aClassWithOneImageIsRefused() throws IOException {
    png(root.resolve("a/1.png"), 1);
    png(root.resolve("a/2.png"), 2);
    png(root.resolve("lonely/1.png"), 3);

    assertThatThrownBy(() -> ImageFolder.read(root, SPEC, false))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(root.resolve("lonely").toString())
        .hasMessageContaining("at least 2");
  }

  @Test
  void aClassLeftWithOneImageAfterSkippingIsRefused() throws IOException {
    png(root.resolve("a/1.png"), 1);
    png(root.resolve("a/2.png"), 2);
    png(root.resolve("b/1.png"), 3);
    Files.writeString(root.resolve("b/2.png"), "corrupt");

    assertThatThrownBy(() -> ImageFolder.read(root, SPEC, false))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(root.resolve("b").toString());
  }

  @Test
  void aSingleClassIsNotEnough() throws IOException {
    png(root.resolve("only/1.png"), 1);
    png(root.resolve("only/2.png"), 2);

    assertThatThrownBy(() -> ImageFolder.read(root, SPEC, false))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(root.toString())
        .hasMessageContaining("at least 2 classes");
  }

  @Test
  void anEmptyFolderIsRefused() {
    assertThatThrownBy(() -> ImageFolder.read(root, SPEC, false))
        .isInstanceOf(DataException.class)
        .hasMessage("image folder is empty: " + root);
  }

  @Test
  void aFolderWithoutClassSubfoldersIsRefused() throws IOException {
    png(root.resolve("1.png"), 1);

    assertThatThrownBy(() -> ImageFolder.read(root, SPEC, false))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("no class subfolders in " + root);
  }

  @Test
  void aMissingFolderIsNamed() {
    Path missing = root.resolve("not-there");

    assertThatThrownBy(() -> ImageFolder.read(missing, SPEC, false))
        .isInstanceOf(DataException.class)
        .hasMessage("image folder not found: " + missing);
  }
}
