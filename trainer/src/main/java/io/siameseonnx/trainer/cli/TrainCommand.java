package io.siameseonnx.trainer.cli;

import ai.djl.ndarray.NDManager;
import io.siameseonnx.trainer.loss.LossKind;
import io.siameseonnx.trainer.pipeline.RunOptions;
import io.siameseonnx.trainer.pipeline.RunResult;
import io.siameseonnx.trainer.pipeline.TrainingPipeline;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code train}: pretraining, fine-tuning, evaluation and export in one go. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Pretrain a classifier, fine-tune it as a Siamese network, evaluate it on held-out pairs"
            + " and export it to ONNX. With no option: the embedded digits and the seed's"
            + " rectangle pairs.")
public class TrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common = new CommonOptions();

  @Mixin ExportFlags export = new ExportFlags();

  RunOptions.Stages stages() {
    return RunOptions.Stages.ALL;
  }

  @Override
  public Integer call() throws Exception {
    RunOptions options = common.toRunOptions(stages());
    PrintStream err = System.err;
    ConsoleProgress progress =
        new ConsoleProgress(
            err,
            options.recipe().pretrain().epochs(),
            options.recipe().finetune().epochs(),
            options.recipe().finetune().loss() == LossKind.SUPCON ? "1-AUC" : "loss");
    try (NDManager manager = NDManager.newBaseManager()) {
      RunResult result = new TrainingPipeline(progress).run(options, manager);
      Summary.print(System.out, options, result);
      if (stages() != RunOptions.Stages.PRETRAIN && !export.noExport) {
        export.export(result, options, manager, System.out);
      }
    }
    return 0;
  }

  /** {@code pretrain}: stage 1 only. */
  @Command(
      name = "pretrain",
      mixinStandardHelpOptions = true,
      description = "Pretrain the tower as a classifier and save a checkpoint in --out.")
  public static final class Pretrain extends TrainCommand {
    @Override
    RunOptions.Stages stages() {
      return RunOptions.Stages.PRETRAIN;
    }
  }

  /** {@code finetune}: stage 2 (from the pretraining checkpoint in --out when there is one). */
  @Command(
      name = "finetune",
      mixinStandardHelpOptions = true,
      description =
          "Fine-tune as a Siamese network, starting from --out's pretraining checkpoint if any,"
              + " then evaluate and export.")
  public static final class Finetune extends TrainCommand {
    @Override
    RunOptions.Stages stages() {
      return RunOptions.Stages.FINETUNE;
    }
  }
}
