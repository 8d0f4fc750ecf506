package io.siameseonnx.server.gallery.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every gallery subcommand shares: which gallery, in which folder. */
final class GalleryDirOption {
  @Option(names = "--gallery", required = true, description = "The gallery's name.")
  String gallery;

  @Option(
      names = "--gallery-dir",
      defaultValue = "${env:SIAMESE_GALLERY_DIR:-galleries}",
      description = "Folder of the galleries. Env SIAMESE_GALLERY_DIR. Default: ${DEFAULT-VALUE}")
  Path galleryDir;
}
