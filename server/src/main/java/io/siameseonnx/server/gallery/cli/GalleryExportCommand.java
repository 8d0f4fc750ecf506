package io.siameseonnx.server.gallery.cli;

import io.siameseonnx.server.gallery.GalleryStore;
import io.siameseonnx.server.gallery.VectorIndexOptions;
import io.siameseonnx.shared.io.AtomicFiles;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gallery export}: writes a gallery as JSON Lines (header, then one example a line). */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Writes a gallery to JSON Lines: a header, then one example a line.")
public final class GalleryExportCommand implements Callable<Integer> {
  @Mixin GalleryDirOption target;

  @Option(
      names = "--out",
      required = true,
      description = "The JSON Lines file to write (replaced atomically), or - for standard output.")
  String out;

  @Override
  public Integer call() throws Exception {
    try (GalleryStore store = GalleryStore.open(target.galleryDir, VectorIndexOptions.DEFAULTS)) {
      if (out.equals("-")) {
        long examples = store.gallery(target.gallery).exportTo(System.out);
        System.out.flush();
        System.err.println("exported " + examples + " examples");
        return 0;
      }
      Path file = Path.of(out).toAbsolutePath();
      Files.createDirectories(file.getParent());
      Path partial = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".partial");
      long examples;
      try {
        try (OutputStream stream = Files.newOutputStream(partial)) {
          examples = store.gallery(target.gallery).exportTo(stream);
        }
        AtomicFiles.move(partial, file);
      } finally {
        Files.deleteIfExists(partial);
      }
      System.out.println(
          "exported " + examples + " examples of gallery " + target.gallery + " to " + file);
      return 0;
    }
  }
}
