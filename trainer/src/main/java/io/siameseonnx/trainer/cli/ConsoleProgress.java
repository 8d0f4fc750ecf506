package io.siameseonnx.trainer.cli;

import io.siameseonnx.trainer.train.EpochStats;
import io.siameseonnx.trainer.train.PlateauMonitor;
import io.siameseonnx.trainer.train.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Draws a progress bar per epoch on the terminal (redrawn in place when stderr is a console) and a
 * line of figures at the end of each epoch.
 */
final class ConsoleProgress implements ProgressListener {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final boolean interactive;
  private final int[] totalEpochs;
  private final String finetuneValidation;

  /**
   * A progress printer for the stages' epoch counts; {@code finetuneValidation} names the
   * fine-tuning's validation figure on the epoch lines ({@code "loss"}, or another measure).
   */
  ConsoleProgress(
      PrintStream out, int pretrainEpochs, int finetuneEpochs, String finetuneValidation) {
    this.out = out;
    this.interactive = System.console() != null;
    this.totalEpochs = new int[] {pretrainEpochs, finetuneEpochs};
    this.finetuneValidation = finetuneValidation;
  }

  private int total(String stage) {
    return "pretrain".equals(stage) ? totalEpochs[0] : totalEpochs[1];
  }

  @Override
  public void onBatch(String stage, int epoch, int batch, int batches, double runningLoss) {
    if (!interactive) {
      return;
    }
    int filled = (int) Math.round(WIDTH * (double) batch / batches);
    out.print(
        String.format(
            Locale.ROOT,
            "\r%-8s epoch %2d/%-2d [%s%s] %3d/%-3d loss %.4f",
            stage,
            epoch,
            total(stage),
            "=".repeat(filled),
            " ".repeat(WIDTH - filled),
            batch,
            batches,
            runningLoss));
    out.flush();
  }

  @Override
  public void onEpoch(String stage, EpochStats s, PlateauMonitor.Decision decision) {
    String mark =
        switch (decision) {
          case IMPROVED -> " *";
          case REDUCE_LR -> " (lr reduced)";
          case STOP -> " (early stop)";
          case WAIT -> "";
        };
    String train =
        Double.isNaN(s.trainAccuracy())
            ? String.format(Locale.ROOT, "loss %.4f", s.trainLoss())
            : String.format(Locale.ROOT, "loss %.4f acc %.4f", s.trainLoss(), s.trainAccuracy());
    out.print(
        String.format(
            Locale.ROOT,
            "%s%-8s epoch %2d/%-2d %s | val %s %.4f acc %.4f | lr %.1e | %.1fs, %.0f samples/s%s%n",
            interactive ? "\r" : "",
            stage,
            s.epoch(),
            total(stage),
            train,
            "pretrain".equals(stage) ? "loss" : finetuneValidation,
            s.valLoss(),
            s.valAccuracy(),
            s.learningRate(),
            s.seconds(),
            s.samples() / s.seconds(),
            mark));
    out.flush();
  }
}
