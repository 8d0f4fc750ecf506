package io.siameseonnx.trainer.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.trainer.export.ExportResult;
import io.siameseonnx.trainer.export.ExportSettings;
import io.siameseonnx.trainer.export.ExportVerificationException;
import io.siameseonnx.trainer.export.OnnxExporter;
import io.siameseonnx.trainer.model.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code export}: exports an existing checkpoint as a new version of the embedding and distance
 * models in a Triton model repository, verified against DJL first.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Export a checkpoint to ONNX as a new version of two models in a Triton repository: the"
            + " embedding model and the pair (distance) model, which computes the distance the"
            + " checkpoint was trained with. Verified against DJL before it is published; prints a"
            + " JSON summary.")
public final class ExportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin CheckpointOption checkpoint;

  @Option(
      names = "--model-repo",
      defaultValue = "models",
      paramLabel = "DIR",
      description = "Model repository root. Default: ${DEFAULT-VALUE}.")
  Path modelRepo;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      defaultValue = OnnxExporter.DEFAULT_EMBEDDING_NAME,
      description = "Embedding model name. Default: ${DEFAULT-VALUE}.")
  String name;

  @Option(
      names = "--distance-name",
      paramLabel = "NAME",
      defaultValue = OnnxExporter.DEFAULT_DISTANCE_NAME,
      description = "Pair (distance) model name. Default: ${DEFAULT-VALUE}.")
  String distanceName;

  @Option(
      names = "--max-batch-size",
      paramLabel = "N",
      defaultValue = "64",
      description = "Triton max_batch_size. Default: ${DEFAULT-VALUE}.")
  int maxBatchSize;

  @Option(
      names = "--verify-image",
      paramLabel = "IMAGE",
      description = "An image to verify the export on, besides random ones (repeatable).")
  List<Path> verifyImages = new ArrayList<>();

  @Override
  public Integer call() {
    ExportSettings settings;
    try {
      settings = ExportSettings.defaults().withMaxBatchSize(maxBatchSize);
    } catch (IllegalArgumentException e) {
      return EmbedCommand.fail(spec, EmbedCommand.BAD_INPUT, e.getMessage());
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint.Loaded loaded = checkpoint.load(manager);
      float[][] images = EmbedCommand.preprocess(verifyImages, loaded);
      ExportResult result;
      try {
        result =
            new OnnxExporter(settings)
                .export(
                    loaded.tower(), loaded.info(), manager, modelRepo, name, distanceName, images);
      } catch (IllegalArgumentException e) {
        return EmbedCommand.fail(spec, EmbedCommand.BAD_INPUT, e.getMessage());
      }
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("version", result.version());
      summary.put("embedding_model", result.embeddingModel().toString());
      summary.put("distance_model", result.distanceModel().toString());
      summary.put("max_abs_diff_embedding", result.verification().maxAbsDiffEmbedding());
      summary.put("max_abs_diff_distance", result.verification().maxAbsDiffDistance());
      PrintWriter out = spec.commandLine().getOut();
      out.println(JSON.writeValueAsString(summary));
      out.flush();
      return 0;
    } catch (EmbedCommand.BadInputException e) {
      return EmbedCommand.fail(spec, EmbedCommand.BAD_INPUT, e.getMessage());
    } catch (ExportVerificationException e) {
      return EmbedCommand.fail(spec, EmbedCommand.FAILURE, e.getMessage());
    } catch (IOException | RuntimeException e) {
      return EmbedCommand.fail(
          spec,
          EmbedCommand.FAILURE,
          "export to " + modelRepo + " failed: " + (e.getMessage() == null ? e : e.getMessage()));
    }
  }
}
