package io.siameseonnx.trainer.export;

import static io.siameseonnx.model.testing.RequiredTools.PYTHON;
import static io.siameseonnx.model.testing.RequiredTools.requirePythonModule;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.onnx.SiameseGraphs;
import io.siameseonnx.model.spec.Layer;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.model.DjlWeights;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported files pass {@code onnx.checker.check_model(model, full_check=True)} (which also runs
 * strict shape inference) and declare the pinned opset and IR version. Where {@code
 * /usr/bin/python3} cannot {@code import onnx} (Debian: {@code apt-get install python3-onnx}) it is
 * skipped on a developer's machine and fails in CI.
 */
class OnnxCheckerTest {
  private static final String SCRIPT =
      """
      import sys, onnx
      for path in sys.argv[1:]:
          model = onnx.load(path)
          onnx.checker.check_model(model, full_check=True)
          inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
          out = inferred.graph.output[0].type.tensor_type.shape.dim
          dims = [d.dim_param or d.dim_value for d in out]
          print(path.rsplit('/', 1)[-1], model.ir_version, model.opset_import[0].version, dims)
      """;

  @TempDir Path dir;

  @BeforeAll
  static void requireOnnx() throws Exception {
    requirePythonModule("onnx", "python3-onnx");
  }

  @Test
  void everyExportedModelPassesTheFullOnnxCheck() throws Exception {
    TowerSpec allKinds =
        new TowerSpec(
            "all-kinds",
            new long[] {1, 16, 16},
            List.of(
                new Layer.Conv(4, 3, 1, 1),
                new Layer.BatchNorm(1e-5f),
                new Layer.Relu(),
                new Layer.Residual(List.of(new Layer.Conv(4, 3, 1, 1), new Layer.BatchNorm(1e-5f))),
                new Layer.MaxPool(2, 2),
                new Layer.Conv(6, 3, 2, 0),
                new Layer.Flatten(),
                new Layer.Dropout(0.2f),
                new Layer.Dense(12),
                new Layer.BatchNorm(1e-3f),
                new Layer.Dense(8),
                new Layer.L2Normalize()));
    TowerSpec compact = io.siameseonnx.model.spec.Architectures.named("compact", 1, 32, 32);
    // global average pooling and residual blocks with projection shortcuts
    TowerSpec resnet = io.siameseonnx.model.spec.Architectures.named("resnet", 1, 40, 40);
    List<String> files = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (TowerSpec spec : List.of(allKinds, compact, resnet)) {
        SequentialBlock tower = ExportFixtures.tower(spec, manager);
        ModelCard card = ModelCardFactory.create(ExportFixtures.info(spec), "m", Instant.EPOCH);
        Path embedding = dir.resolve(spec.name() + "-embedding.onnx");
        ExportFixtures.write(SiameseGraphs.embedding(spec, new DjlWeights(tower), card), embedding);
        files.add(embedding.toString());
        for (Metric metric : Metric.values()) {
          Path pair = dir.resolve(spec.name() + "-pair-" + metric.wireName() + ".onnx");
          ExportFixtures.write(
              SiameseGraphs.distance(
                  spec,
                  new DjlWeights(tower),
                  ModelCardFactory.create(ExportFixtures.info(spec, metric), "m", Instant.EPOCH)
                      .forDistanceModel("p")),
              pair);
          files.add(pair.toString());
        }
      }
    }

    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", SCRIPT));
    command.addAll(files);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("all-kinds-embedding.onnx 7 13 ['N', 8]")
        .contains("all-kinds-pair-euclidean.onnx 7 13 ['N']")
        .contains("all-kinds-pair-cosine.onnx 7 13 ['N']")
        .contains("compact-embedding.onnx 7 13 ['N', 128]")
        .contains("resnet-embedding.onnx 7 13 ['N', 128]")
        .contains("resnet-pair-cosine.onnx 7 13 ['N']");
  }
}
