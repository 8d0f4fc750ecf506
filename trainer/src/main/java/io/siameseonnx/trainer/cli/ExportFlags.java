package io.siameseonnx.trainer.cli;

import ai.djl.ndarray.NDManager;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.trainer.export.ExportResult;
import io.siameseonnx.trainer.export.OnnxExporter;
import io.siameseonnx.trainer.pipeline.RunOptions;
import io.siameseonnx.trainer.pipeline.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The export options of {@code train} and {@code finetune}. */
final class ExportFlags {
  @Mixin ExportTarget target = new ExportTarget();

  @Option(names = "--no-export", description = "Train and evaluate, but do not export.")
  boolean noExport;

  /** Exports the run's tower and writes the card beside the metrics. */
  void export(RunResult result, RunOptions options, NDManager manager, PrintStream out)
      throws IOException {
    ExportResult exported =
        new OnnxExporter()
            .export(
                result.tower(),
                result.info(),
                manager,
                target.repository.root,
                target.repository.name,
                target.distanceName,
                result.sampleImages());
    ModelCards.write(exported.card(), options.outDir().resolve(ModelCards.FILE_NAME));
    out.printf(
        Locale.ROOT,
        "Exported version %d: %s and %s (ONNX Runtime vs DJL: max |diff| %.2e embedding, %.2e"
            + " distance)%n",
        exported.version(),
        exported.embeddingModel(),
        exported.distanceModel(),
        exported.parity().maxAbsDiffEmbedding(),
        exported.parity().maxAbsDiffDistance());
  }
}
