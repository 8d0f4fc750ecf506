package io.siameseonnx.server.gallery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.ServerMain;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.gallery.GalleryDescription;
import io.siameseonnx.server.gallery.GalleryStore;
import io.siameseonnx.server.gallery.Identification;
import io.siameseonnx.server.gallery.VectorIndexOptions;
import io.siameseonnx.server.service.EncodedImage;
import io.siameseonnx.server.support.Images;
import io.siameseonnx.server.support.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryCommandTest {
  @TempDir Path repo;
  @TempDir Path classes;
  @TempDir Path galleries;
  @TempDir Path elsewhere;

  /** Runs the command line, returning its exit code and what it printed to standard output. */
  private record Run(int code, String out) {}

  private static Run run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = ServerMain.commandLine().execute(args);
      return new Run(code, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  private Run enrol(Path folder) {
    return run(
        "gallery",
        "enrol",
        "--gallery",
        "team",
        "--model-repo",
        repo.toString(),
        "--gallery-dir",
        galleries.toString(),
        folder.toString());
  }

  private void writeClassFolder() throws Exception {
    long seed = 100;
    for (String subject : List.of("ada", "bea", "cal")) {
      Path folder = Files.createDirectories(classes.resolve(subject));
      for (int i = 0; i < 2; i++) {
        Files.write(folder.resolve(i + ".png"), Images.png(32, 32, seed++));
      }
    }
    Files.writeString(classes.resolve("bea").resolve("notes.txt"), "not an image");
  }

  @Test
  void aClassFolderIsEnrolledOfflineExportedAndImportedBack() throws Exception {
    new TestRepository(repo).writeVersion(1);
    writeClassFolder();

    Run enrol = enrol(classes);
    assertThat(enrol.code()).isZero();
    assertThat(enrol.out()).contains("enrolled 6 examples of 3 subjects").contains("skipped 1");

    Path export = elsewhere.resolve("team.jsonl");
    Run exported =
        run(
            "gallery",
            "export",
            "--gallery",
            "team",
            "--gallery-dir",
            galleries.toString(),
            "--out",
            export.toString());
    assertThat(exported.code()).isZero();
    assertThat(Files.readAllLines(export)).hasSize(7); // the header and six examples

    Path copies = elsewhere.resolve("copies");
    Run imported =
        run(
            "gallery",
            "import",
            "--gallery",
            "team-copy",
            "--gallery-dir",
            copies.toString(),
            export.toString());
    assertThat(imported.code()).isZero();
    assertThat(imported.out()).contains("imported 6 examples into new gallery team-copy");
    try (GalleryStore store = GalleryStore.open(copies, VectorIndexOptions.DEFAULTS)) {
      GalleryDescription copy = store.gallery("team-copy").describe();
      assertThat(copy.examples()).isEqualTo(6);
      assertThat(copy.subjects()).isEqualTo(3);
      assertThat(copy.model().version()).isEqualTo(1);
    }

    // The server identifies an enrolled image as its subject: the offline embeddings are its own.
    try (SiameseServer server =
        TestServers.ready(TestServers.config(repo).withGalleryDir(galleries))) {
      Identification who =
          server
              .services()
              .galleries()
              .orElseThrow()
              .identify(
                  "team",
                  List.of(new EncodedImage(Images.png(32, 32, 102), "images[0]")),
                  3,
                  OptionalDouble.empty())
              .get(0);
      assertThat(who.identified()).contains("bea");
      assertThat(who.matches().get(0).distance()).isLessThan(1e-4);
    }
  }

  @Test
  void aMissingFolderOrSubcommandIsAUsageError() {
    assertThat(run("gallery").code()).isEqualTo(2);
    assertThat(enrol(classes.resolve("missing")).code()).isEqualTo(2);
  }
}
