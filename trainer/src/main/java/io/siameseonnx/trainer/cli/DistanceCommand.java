package io.siameseonnx.trainer.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.shared.distance.Metric;
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
 * {@code distance}: the distance between two images under a checkpoint's tower (DJL) and metric,
 * and whether it is below the calibrated threshold.
 */
@Command(
    name = "distance",
    mixinStandardHelpOptions = true,
    description =
        "Distance between two images with a checkpoint's tower (DJL, inference mode) under the"
            + " metric it was trained with. Prints {\"distance\": d, \"similar\": d < threshold,"
            + " \"threshold\": t, \"metric\": m}.")
public final class DistanceCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin CheckpointOption checkpoint;

  @Parameters(index = "0", paramLabel = "IMAGE_A", description = "First image file.")
  Path imageA;

  @Parameters(index = "1", paramLabel = "IMAGE_B", description = "Second image file.")
  Path imageB;

  @Override
  public Integer call() throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint.Loaded loaded = checkpoint.load(manager);
      float[][] inputs =
          ImageFiles.preprocess(List.of(imageA, imageB), loaded.info().preprocessing());
      float[][] e =
          TowerInference.embed(
              loaded.tower(), manager, loaded.info().tower().inputShape(), inputs, 2);
      Metric metric = loaded.info().metric();
      double distance = metric.between(e[0], e[1]);
      double threshold = loaded.info().threshold();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("distance", distance);
      json.put("similar", distance < threshold);
      json.put("threshold", threshold);
      json.put("metric", metric.wireName());
      PrintWriter out = spec.commandLine().getOut();
      out.println(JSON.writeValueAsString(json));
      out.flush();
      return 0;
    }
  }
}
