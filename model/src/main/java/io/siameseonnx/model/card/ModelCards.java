package io.siameseonnx.model.card;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.siameseonnx.shared.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes model cards as snake_case JSON. */
public final class ModelCards {
  /** The file name of the card beside an exported model. */
  public static final String FILE_NAME = "model-card.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ModelCards() {}

  /** The card as pretty-printed JSON. */
  public static String toJson(ModelCard card) {
    try {
      return MAPPER.writeValueAsString(card);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("model card cannot be serialised", e);
    }
  }

  /**
   * Parses a card.
   *
   * @throws InvalidModelCardException when the JSON is malformed or a required field is missing
   */
  public static ModelCard fromJson(String json) {
    try {
      ModelCard card = MAPPER.readValue(json, ModelCard.class);
      if (card == null) {
        throw new InvalidModelCardException("model card is empty");
      }
      return card;
    } catch (JsonProcessingException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String reason = root == e ? e.getOriginalMessage() : root.getMessage();
      throw new InvalidModelCardException("model card is invalid: " + reason, e);
    }
  }

  /** Writes the card as JSON, atomically. */
  public static void write(ModelCard card, Path file) throws IOException {
    AtomicFiles.write(file, toJson(card).getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a card from a JSON file. */
  public static ModelCard read(Path file) throws IOException {
    return fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** The shared mapper settings, for other snake_case JSON files (metrics, evaluations). */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }
}
