package io.siameseonnx.server.gallery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siameseonnx.shared.distance.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** The JSON forms of the store's records (settings file, commit data, export lines). */
final class GalleryJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private GalleryJson() {}

  static ObjectNode stamp(ModelStamp stamp) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("name", stamp.name());
    node.put("version", stamp.version());
    node.put("card_fingerprint", stamp.cardFingerprint());
    node.put("dimension", stamp.dimension());
    node.put("metric", stamp.metric().wireName());
    node.put("threshold", stamp.threshold());
    ArrayNode shape = node.putArray("input_shape");
    stamp.inputShape().forEach(shape::add);
    return node;
  }

  static ModelStamp stamp(JsonNode node) {
    List<Integer> shape = new ArrayList<>();
    required(node, "input_shape").forEach(d -> shape.add(d.asInt()));
    return new ModelStamp(
        required(node, "name").asText(),
        required(node, "version").asLong(),
        required(node, "card_fingerprint").asText(),
        required(node, "dimension").asInt(),
        Metric.fromWireName(required(node, "metric").asText()),
        required(node, "threshold").asDouble(),
        shape);
  }

  /** Adds the settings' fields (those present) to {@code node}. */
  static void putSettings(ObjectNode node, GallerySettings settings) {
    settings.threshold().ifPresent(t -> node.put("threshold", t));
    settings.metadata().ifPresent(m -> node.set("metadata", m));
  }

  /** The settings in {@code node}'s fields. */
  static GallerySettings settings(JsonNode node) {
    JsonNode threshold = node.get("threshold");
    JsonNode metadata = node.get("metadata");
    if (metadata != null && !metadata.isObject()) {
      throw new IllegalArgumentException("metadata must be a JSON object");
    }
    return new GallerySettings(
        threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold.asDouble()),
        metadata == null ? Optional.empty() : Optional.of((ObjectNode) metadata));
  }

  static ObjectNode ref(ModelRef ref) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("name", ref.name());
    node.put("version", ref.version());
    node.put("card_fingerprint", ref.cardFingerprint());
    return node;
  }

  static ModelRef ref(JsonNode node) {
    return new ModelRef(
        required(node, "name").asText(),
        required(node, "version").asLong(),
        required(node, "card_fingerprint").asText());
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON cannot be written", e);
    }
  }

  static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Stored metadata back to an object (it was checked when it was written). */
  static Optional<ObjectNode> metadata(String json) {
    return json == null ? Optional.empty() : Optional.of((ObjectNode) read(json));
  }

  static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing field \"" + field + "\"");
    }
    return value;
  }
}
