package io.siameseonnx.server.gallery.cli;

import io.siameseonnx.server.gallery.GalleryStore;
import io.siameseonnx.server.gallery.ImportResult;
import io.siameseonnx.server.gallery.VectorIndexOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gallery import}: reads a JSON Lines export into a gallery (created when missing). */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description =
        "Reads a JSON Lines export into a gallery, created with the export's settings and model"
            + " when missing; examples keep their ids, so an import can be repeated.")
public final class GalleryImportCommand implements Callable<Integer> {
  @Mixin GalleryDirOption target;

  @Parameters(paramLabel = "FILE", description = "The export to read.")
  Path file;

  @Override
  public Integer call() throws Exception {
    try (GalleryStore store = GalleryStore.open(target.galleryDir, VectorIndexOptions.DEFAULTS);
        InputStream in = Files.newInputStream(file)) {
      ImportResult result = store.importFrom(target.gallery, in);
      System.out.println(
          "imported "
              + result.examples()
              + " examples into "
              + (result.created() ? "new" : "existing")
              + " gallery "
              + target.gallery);
      return 0;
    }
  }
}
