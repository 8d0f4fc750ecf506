package io.siameseonnx.trainer.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.trainer.export.ExportResult;
import io.siameseonnx.trainer.export.ExportSettings;
import io.siameseonnx.trainer.export.OnnxExporter;
import io.siameseonnx.trainer.model.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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

  @Mixin ExportTarget target = new ExportTarget();

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
  public Integer call() throws IOException {
    ExportSettings settings = ExportSettings.defaults().withMaxBatchSize(maxBatchSize);
    Path repo = target.repository.root;
    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint.Loaded loaded = checkpoint.load(manager);
      float[][] images = ImageFiles.preprocess(verifyImages, loaded.info().preprocessing());
      ExportResult result;
      try {
        result =
            new OnnxExporter(settings)
                .export(
                    loaded.tower(),
                    loaded.info(),
                    manager,
                    repo,
                    target.repository.name,
                    target.distanceName,
                    images);
      } catch (IOException e) {
        throw new UncheckedIOException("export to " + repo + " failed: " + e.getMessage(), e);
      }
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("version", result.version());
      summary.put("embedding_model", result.embeddingModel().toString());
      summary.put("distance_model", result.distanceModel().toString());
      summary.put("max_abs_diff_embedding", result.parity().maxAbsDiffEmbedding());
      summary.put("max_abs_diff_distance", result.parity().maxAbsDiffDistance());
      PrintWriter out = spec.commandLine().getOut();
      out.println(JSON.writeValueAsString(summary));
      out.flush();
      return 0;
    }
  }
}
