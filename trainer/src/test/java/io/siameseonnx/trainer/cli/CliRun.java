package io.siameseonnx.trainer.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One {@link TrainerCli#run} with standard output and error captured (picocli's error writer wraps
 * {@code System.err} when the command line is built, so swapping the stream first catches it).
 *
 * @param exitCode what {@code run} returned
 * @param out what was written to standard output
 * @param err what was written to standard error
 */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(Object... args) {
    String[] strings = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      code = TrainerCli.run(strings);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    CliRun run =
        new CliRun(
            code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    // keep the output in the surefire report for whoever reads a failure
    oldErr.print(run.err);
    return run;
  }

  /**
   * A small real run: {@code train} on the embedded digits at their own 8x8, no pretraining, {@code
   * epochs} of fine-tuning, seed 3, into {@code out}, with {@code extra} options (the loss, the
   * tower, {@code --no-export} or {@code --model-repo}, ...).
   */
  static CliRun digits(Object out, String epochs, Object... extra) {
    Object[] base = {
      "train",
      "--pairs",
      "digits",
      "--image-size",
      "8",
      "--pretrain-epochs",
      "0",
      "--epochs",
      epochs,
      "--out",
      out,
      "--seed",
      "3"
    };
    Object[] args = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return of(args);
  }

  /** The lines of standard error that report the failure ({@code error: ...}). */
  List<String> errorLines() {
    return err.lines().filter(line -> line.startsWith("error: ")).toList();
  }
}
