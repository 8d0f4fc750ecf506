package io.siameseonnx.trainer.cli;

import io.siameseonnx.trainer.export.OnnxExporter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --model-repo DIR} and {@code --name NAME}: which embedding model of a model repository
 * (Triton's layout) a command writes or reads.
 */
final class RepositoryOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--model-repo",
      defaultValue = "models",
      paramLabel = "DIR",
      description = "Model repository (Triton's layout). Default: ${DEFAULT-VALUE}.")
  Path root;

  @Option(
      names = "--name",
      defaultValue = OnnxExporter.DEFAULT_EMBEDDING_NAME,
      paramLabel = "NAME",
      description = "Embedding model's name in the repository. Default: ${DEFAULT-VALUE}.")
  String name;

  /** Whether the command line named a repository, rather than leaving the default. */
  boolean given() {
    return command.commandLine().getParseResult().hasMatchedOption("--model-repo");
  }
}
