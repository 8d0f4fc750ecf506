package io.siameseonnx.shared.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @Test
  void writeReplacesTheContent(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("card.json");
    Files.writeString(file, "old content that is longer");

    AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));

    assertThat(file).hasContent("new");
    assertThat(names(dir)).containsExactly("card.json");
  }

  @Test
  void publishedFilesAndFoldersAreReadableByEveryone(@TempDir Path dir) throws IOException {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path file = dir.resolve("model.onnx");
    AtomicFiles.write(file, new byte[] {1, 2, 3});
    Path folder = AtomicFiles.tempDirectory(dir, ".staging-");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void writeCreatesMissingParentFolders(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("a/b/c.bin");

    AtomicFiles.write(file, new byte[] {1, 2, 3});

    assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
  }

  @Test
  void aFailingWriterLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("model.onnx");
    Files.writeString(file, "old");

    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      out.write("half".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");

    assertThat(file).hasContent("old");
    assertThat(names(dir)).containsExactly("model.onnx");
  }

  @Test
  void aWriterThrowingARuntimeExceptionAlsoLeavesNoTemporaryFile(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("new.txt");

    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(names(dir)).isEmpty();
  }

  @Test
  void moveReplacesAnExistingFile(@TempDir Path dir) throws IOException {
    Path source = Files.writeString(dir.resolve("tmp"), "fresh");
    Path target = Files.writeString(dir.resolve("target"), "stale");

    AtomicFiles.move(source, target);

    assertThat(target).hasContent("fresh");
    assertThat(source).doesNotExist();
  }

  @Test
  void deleteRecursivelyRemovesATreeAndIgnoresAMissingPath(@TempDir Path dir) throws IOException {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("x/y"));
    Files.writeString(tree.resolve("x/y/file"), "1");
    Files.writeString(tree.resolve("top"), "2");

    AtomicFiles.deleteRecursively(tree);
    AtomicFiles.deleteRecursively(dir.resolve("never-existed"));

    assertThat(tree).doesNotExist();
  }

  private static java.util.List<String> names(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
