package io.siameseonnx.trainer.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A trained tower on disk: a folder holding {@code checkpoint.json} ({@link CheckpointInfo}) and
 * {@code tower.params} (DJL's parameter format). Folders are written beside their target and
 * renamed into place, so a checkpoint is either complete or absent.
 */
public final class Checkpoint {
  /** The metadata file. */
  public static final String INFO_FILE = "checkpoint.json";

  /** The weights file. */
  public static final String PARAMS_FILE = "tower.params";

  private static final ObjectMapper MAPPER = ModelCards.mapper().registerModule(metricAsWireName());

  private Checkpoint() {}

  /**
   * Writes and reads a {@link Metric} as the model card does: {@code "euclidean"}, {@code
   * "cosine"}.
   */
  private static SimpleModule metricAsWireName() {
    return new SimpleModule("metric")
        .addSerializer(
            Metric.class,
            new JsonSerializer<>() {
              @Override
              public void serialize(Metric value, JsonGenerator gen, SerializerProvider provider)
                  throws IOException {
                gen.writeString(value.wireName());
              }
            })
        .addDeserializer(
            Metric.class,
            new JsonDeserializer<>() {
              @Override
              public Metric deserialize(JsonParser parser, DeserializationContext context)
                  throws IOException {
                return Metric.fromWireName(parser.getValueAsString());
              }
            });
  }

  /** A loaded checkpoint: its metadata and the tower block with its weights. */
  public record Loaded(CheckpointInfo info, SequentialBlock tower) {}

  /** Saves the tower's weights and the info into {@code dir}, replacing what was there. */
  public static void save(Path dir, CheckpointInfo info, Block tower) throws IOException {
    Path target = dir.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path tmp = AtomicFiles.tempDirectory(target.getParent(), "." + target.getFileName() + ".");
    try {
      MAPPER.writeValue(tmp.resolve(INFO_FILE).toFile(), info);
      try (DataOutputStream out =
          new DataOutputStream(
              new BufferedOutputStream(Files.newOutputStream(tmp.resolve(PARAMS_FILE))))) {
        tower.saveParameters(out);
      }
      Path old = null;
      if (Files.exists(target)) {
        old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
        AtomicFiles.move(target, old);
      }
      AtomicFiles.move(tmp, target);
      if (old != null) {
        AtomicFiles.deleteRecursively(old);
      }
    } finally {
      AtomicFiles.deleteRecursively(tmp);
    }
  }

  /** Reads only the info of a checkpoint. */
  public static CheckpointInfo readInfo(Path dir) throws IOException {
    Path file = dir.resolve(INFO_FILE);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(), null, "not a checkpoint (no " + INFO_FILE + ")");
    }
    return MAPPER.readValue(file.toFile(), CheckpointInfo.class);
  }

  /** Loads a checkpoint, building the tower from its spec and filling in the saved weights. */
  public static Loaded load(Path dir, NDManager manager) throws IOException {
    CheckpointInfo info = readInfo(dir);
    SequentialBlock tower = BlockBuilder.tower(info.tower());
    long[] in = info.tower().inputShape();
    tower.initialize(manager, DataType.FLOAT32, new Shape(1, in[0], in[1], in[2]));
    try (DataInputStream data =
        new DataInputStream(
            new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMS_FILE))))) {
      tower.loadParameters(manager, data);
    } catch (MalformedModelException e) {
      throw new IOException(
          "corrupt weights in " + dir.resolve(PARAMS_FILE) + ": " + e.getMessage(), e);
    }
    return new Loaded(info, tower);
  }
}
