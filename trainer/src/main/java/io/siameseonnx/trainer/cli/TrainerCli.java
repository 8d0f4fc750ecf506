package io.siameseonnx.trainer.cli;

import io.siameseonnx.shared.image.InvalidImageException;
import io.siameseonnx.trainer.data.DataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code siamese-trainer} command: {@code train} runs everything on the embedded data with no
 * argument. Exit codes: 0 success, 1 failure, 2 bad input or usage (with a one-line reason).
 * Commands return 0 or throw; the exit code and the {@code error: ...} line come from here alone
 * ({@link #exitCode}).
 */
@Command(
    name = "siamese-trainer",
    mixinStandardHelpOptions = true,
    version = "siamese-onnx trainer 0.1.0",
    description = "Train a Siamese network with DJL, evaluate it and export it to ONNX.",
    subcommands = {
      TrainCommand.class,
      TrainCommand.Pretrain.class,
      TrainCommand.Finetune.class,
      EvaluateCommand.class,
      ExportCommand.class,
      EmbedCommand.class,
      DistanceCommand.class,
      SamplesCommand.class,
      BenchTrainCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TrainerCli {
  /** Exit code for bad input or usage. */
  public static final int BAD_INPUT = 2;

  /** Exit code for other failures. */
  public static final int FAILURE = 1;

  private TrainerCli() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this). */
  public static int run(String... args) {
    configureThreads();
    return commandLine(new TrainerCli()).execute(args);
  }

  /**
   * A command line for {@code command} (this one, or a subcommand on its own) that reports a
   * failure in one line and maps it to an exit code as {@link #exitCode} says.
   */
  public static CommandLine commandLine(Object command) {
    CommandLine cli = new CommandLine(command);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + oneLine(e));
          commandLine.getErr().flush();
          return exitCode(e);
        });
    return cli;
  }

  /**
   * The exit code for what a command threw: {@link #BAD_INPUT} for input the user got wrong (bad
   * data, images, options, a missing file), {@link #FAILURE} for anything else.
   */
  static int exitCode(Throwable e) {
    if (e instanceof BadInputException
        || e instanceof DataException
        || e instanceof InvalidImageException
        || e instanceof IllegalArgumentException
        || e instanceof NoSuchFileException
        || e instanceof UncheckedIOException u && u.getCause() instanceof NoSuchFileException) {
      return BAD_INPUT;
    }
    return FAILURE;
  }

  /** The exception's message on one line. */
  static String oneLine(Throwable e) {
    String message = e.getMessage();
    if (e instanceof NoSuchFileException n) {
      message =
          "no such file: "
              + n.getFile()
              + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
    } else if (e instanceof IOException && message == null) {
      message = e.getClass().getSimpleName();
    } else if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return message.replace('\n', ' ');
  }

  private static void configureThreads() {
    int cores = Runtime.getRuntime().availableProcessors();
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(cores));
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    System.setProperty("ai.djl.offline", "true");
  }
}
