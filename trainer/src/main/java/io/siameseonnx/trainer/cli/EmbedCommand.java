package io.siameseonnx.trainer.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.InvalidImageException;
import io.siameseonnx.trainer.model.Checkpoint;
import io.siameseonnx.trainer.model.TowerInference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code embed}: runs a checkpoint's tower with DJL on image files and prints one JSON line per
 * image, for comparing with the server and other runtimes.
 */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description =
        "Embed images with a checkpoint's tower (DJL, inference mode). Prints one JSON line per"
            + " image: {\"image\": path, \"embedding\": [...]}.")
public final class EmbedCommand implements Callable<Integer> {
  /** Exit code for bad input. */
  static final int BAD_INPUT = TrainerCli.BAD_INPUT;

  /** Exit code for other failures. */
  static final int FAILURE = TrainerCli.FAILURE;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin CheckpointOption checkpoint;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (PNG, JPEG, ...).")
  List<Path> images;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint.Loaded loaded = checkpoint.load(manager);
      float[][] inputs = preprocess(images, loaded);
      float[][] embeddings =
          TowerInference.embed(
              loaded.tower(), manager, loaded.info().tower().inputShape(), inputs, 32);
      for (int i = 0; i < images.size(); i++) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("image", images.get(i).toString());
        line.put("embedding", embeddings[i]);
        out.println(JSON.writeValueAsString(line));
      }
      out.flush();
      return 0;
    } catch (BadInputException e) {
      return fail(spec, BAD_INPUT, e.getMessage());
    } catch (IOException | RuntimeException e) {
      return fail(spec, FAILURE, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /** Input the user got wrong: a missing checkpoint, an unreadable or undecodable image. */
  static final class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    BadInputException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Reads and preprocesses image files as the checkpoint's preprocessing spec says. */
  static float[][] preprocess(List<Path> files, Checkpoint.Loaded loaded) throws BadInputException {
    ImagePreprocessor preprocessor = new ImagePreprocessor(loaded.info().preprocessing());
    float[][] out = new float[files.size()][];
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new BadInputException("cannot read image " + file + ": no such file", e);
      } catch (AccessDeniedException e) {
        throw new BadInputException("cannot read image " + file + ": permission denied", e);
      } catch (IOException e) {
        throw new BadInputException("cannot read image " + file + ": " + e.getMessage(), e);
      }
      try {
        out[i] = preprocessor.fromBytes(bytes);
      } catch (InvalidImageException e) {
        throw new BadInputException("invalid image " + file + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Prints a one-line reason to stderr and returns the exit code. */
  static int fail(CommandSpec spec, int code, String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("error: " + String.valueOf(message).replace('\n', ' '));
    err.flush();
    return code;
  }
}
