package io.siameseonnx.server.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.siameseonnx.server.repository.ModelVersion;
import io.siameseonnx.shared.card.ModelCard;
import io.siameseonnx.shared.card.ModelCards;
import io.siameseonnx.shared.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a model version into a repository in the trainer's (Triton's) layout: {@code
 * <repo>/<name>/config.pbtxt}, {@code <repo>/<name>/<version>/model.onnx} and {@code
 * model-card.json}; the version folder is written beside and renamed into place, so a watching
 * server never sees half of it.
 */
public final class ModelRepositoryWriter {

  private ModelRepositoryWriter() {}

  /** Writes {@code model} (and {@code card}, when not null) as version {@code version}. */
  public static Path write(
      Path repository, String name, int version, ModelProto model, ModelCard card)
      throws IOException {
    return writeBytes(repository, name, version, model.toByteArray(), card);
  }

  /** Writes raw model bytes (possibly not a valid model, for failure tests). */
  public static Path writeBytes(
      Path repository, String name, int version, byte[] model, ModelCard card) throws IOException {
    Path modelDir = repository.resolve(name);
    Files.createDirectories(modelDir);
    Path config = modelDir.resolve("config.pbtxt");
    if (!Files.exists(config)) {
      AtomicFiles.write(config, tritonConfig(name).getBytes(StandardCharsets.UTF_8));
    }
    Path staging = AtomicFiles.tempDirectory(modelDir, "." + version + ".");
    try {
      Files.write(staging.resolve(ModelVersion.MODEL_FILE), model);
      if (card != null) {
        ModelCards.write(card, staging.resolve(ModelCards.FILE_NAME));
      }
      Path target = modelDir.resolve(Integer.toString(version));
      AtomicFiles.move(staging, target);
      return target.resolve(ModelVersion.MODEL_FILE);
    } finally {
      AtomicFiles.deleteRecursively(staging);
    }
  }

  private static String tritonConfig(String name) {
    return "name: \""
        + name
        + "\"\nbackend: \"onnxruntime\"\nmax_batch_size: 64\n"
        + "dynamic_batching { max_queue_delay_microseconds: 1000 }\n";
  }
}
