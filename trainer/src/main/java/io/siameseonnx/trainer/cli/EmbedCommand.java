package io.siameseonnx.trainer.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.trainer.model.Checkpoint;
import io.siameseonnx.trainer.model.TowerInference;
import java.io.IOException;
import java.io.PrintWriter;
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
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin CheckpointOption checkpoint;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (PNG, JPEG, ...).")
  List<Path> images;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint.Loaded loaded = checkpoint.load(manager);
      float[][] inputs = ImageFiles.preprocess(images, loaded.info().preprocessing());
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
    }
  }
}
