package io.siameseonnx.trainer.cli;

import ai.djl.ndarray.NDManager;
import io.siameseonnx.trainer.eval.VerificationReport;
import io.siameseonnx.trainer.model.Checkpoint;
import io.siameseonnx.trainer.pairs.PairSource;
import io.siameseonnx.trainer.pipeline.MetricsFile;
import io.siameseonnx.trainer.pipeline.RunOptions;
import io.siameseonnx.trainer.train.SiameseTrainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate}: verification figures of a checkpoint on the test pairs of a data set. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate a fine-tuned checkpoint on test pairs (at its stored threshold) and write"
            + " evaluation.json.")
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();

  @Option(
      names = "--checkpoint",
      description = "Checkpoint folder (default: <out>/checkpoints/finetune).")
  Path checkpoint;

  @Override
  public Integer call() throws Exception {
    RunOptions options = common.toRunOptions(RunOptions.Stages.FINETUNE);
    Path dir = checkpoint != null ? checkpoint : options.checkpointDir(SiameseTrainer.STAGE);
    try (NDManager manager = NDManager.newBaseManager()) {
      Checkpoint.Loaded loaded = Checkpoint.load(dir, manager);
      PairSource pairs =
          options
              .pairData()
              .open(
                  loaded.info().preprocessing(),
                  options.recipe(),
                  options.strict(),
                  options.seed());
      double[] d =
          SiameseTrainer.distances(
              loaded.tower(), manager, loaded.info().tower().inputShape(), pairs.testPairs());
      VerificationReport report =
          VerificationReport.of(d, pairs.testPairs().labels(), loaded.info().threshold());
      Map<String, Double> metrics = report.toMetrics("evaluation.");
      Path file = options.outDir().resolve("evaluation.json");
      MetricsFile.write(file, metrics);
      for (Map.Entry<String, Double> e : metrics.entrySet()) {
        System.out.printf(Locale.ROOT, "%-32s %.4f%n", e.getKey(), e.getValue());
      }
      System.out.println("written: " + file);
    }
    return 0;
  }
}
