package io.siameseonnx.trainer.cli;

import io.siameseonnx.trainer.export.OnnxExporter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where an export goes: the repository and the embedding model's name ({@link RepositoryOptions}),
 * and the pair (distance) model's name. Used by {@code export}, {@code train} and {@code finetune}.
 */
final class ExportTarget {
  @Mixin RepositoryOptions repository = new RepositoryOptions();

  @Option(
      names = "--distance-name",
      defaultValue = OnnxExporter.DEFAULT_DISTANCE_NAME,
      paramLabel = "NAME",
      description = "Pair (distance) model's name in the repository. Default: ${DEFAULT-VALUE}.")
  String distanceName;
}
