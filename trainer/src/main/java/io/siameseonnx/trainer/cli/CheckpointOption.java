package io.siameseonnx.trainer.cli;

import ai.djl.ndarray.NDManager;
import io.siameseonnx.trainer.model.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --checkpoint DIR} option of {@code export}, {@code embed} and {@code distance}. */
final class CheckpointOption {
  @Option(
      names = "--checkpoint",
      required = true,
      paramLabel = "DIR",
      description = "Checkpoint folder (checkpoint.json and tower.params).")
  Path dir;

  /** Loads the checkpoint; any problem with it is bad input. */
  Checkpoint.Loaded load(NDManager manager) {
    return load(dir, manager);
  }

  /**
   * Loads the checkpoint in {@code dir}.
   *
   * @throws BadInputException when there is no checkpoint there, or it cannot be read
   */
  static Checkpoint.Loaded load(Path dir, NDManager manager) {
    if (!Files.isDirectory(dir)) {
      throw new BadInputException("no checkpoint folder at " + dir);
    }
    try {
      return Checkpoint.load(dir, manager);
    } catch (NoSuchFileException e) {
      Path missing = Path.of(e.getFile());
      throw new BadInputException(
          "not a checkpoint: " + dir + " has no " + missing.getFileName(), e);
    } catch (IOException | RuntimeException e) {
      throw new BadInputException("cannot load checkpoint " + dir + ": " + e.getMessage(), e);
    }
  }
}
