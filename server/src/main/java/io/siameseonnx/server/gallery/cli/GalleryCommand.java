package io.siameseonnx.server.gallery.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code siamese-server gallery}: offline work on the galleries (the server must be stopped). */
@Command(
    name = "gallery",
    mixinStandardHelpOptions = true,
    subcommands = {
      GalleryEnrolCommand.class,
      GalleryExportCommand.class,
      GalleryImportCommand.class
    },
    description = {
      "Offline work on galleries: enrol a class folder, export a gallery to JSON Lines, import one.",
      "Run it while no server has the gallery folder open (Lucene locks each index)."
    })
public final class GalleryCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: enrol, export or import");
  }
}
