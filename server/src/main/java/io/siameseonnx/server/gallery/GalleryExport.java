package io.siameseonnx.server.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.lucene.index.IndexReader;

/**
 * The JSON Lines form of a gallery, for backups and moving to another store: a header line ({@code
 * "format": "siamese-onnx-gallery"}, the settings and the model), then one line an example: id,
 * subject, metadata, model, enrolment time, and the embedding and tensor as base64 of little-endian
 * float32.
 */
final class GalleryExport {
  static final String FORMAT = "siamese-onnx-gallery";
  static final int FORMAT_VERSION = 1;

  private GalleryExport() {}

  /** The header line's content. */
  record Header(
      String gallery,
      Instant createdAt,
      GallerySettings settings,
      ModelStamp model,
      long examples) {}

  /** Writes the header and every live example of {@code reader}; returns the examples written. */
  static long write(
      OutputStream out,
      String gallery,
      GalleryFiles.Stored stored,
      ModelStamp model,
      IndexReader reader)
      throws IOException {
    Writer writer =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    ObjectNode header = GalleryJson.MAPPER.createObjectNode();
    header.put("format", FORMAT);
    header.put("format_version", FORMAT_VERSION);
    header.put("gallery", gallery);
    header.put("created_at", stored.createdAt().toString());
    GalleryJson.putSettings(header, stored.settings());
    header.set("model", GalleryJson.stamp(model));
    header.put("examples", reader.numDocs());
    writer.write(GalleryJson.write(header));
    writer.write('\n');
    long[] count = {0};
    GalleryReads.scan(
        reader,
        example -> {
          writer.write(GalleryJson.write(line(example)));
          writer.write('\n');
          count[0]++;
        });
    writer.flush();
    return count[0];
  }

  static ObjectNode line(StoredExample example) {
    ObjectNode node = GalleryJson.MAPPER.createObjectNode();
    node.put("id", example.id());
    node.put("subject", example.subject());
    example.metadata().ifPresent(m -> node.set("metadata", m));
    node.set("model", GalleryJson.ref(example.model()));
    node.put("enrolled_at", example.enrolledAt().toString());
    node.put("embedding", FloatBytes.toBase64(example.embedding()));
    node.put("tensor", FloatBytes.toBase64(example.tensor()));
    return node;
  }

  static Header readHeader(String line) {
    try {
      JsonNode node = GalleryJson.read(line);
      if (!FORMAT.equals(node.path("format").asText())) {
        throw new IllegalArgumentException("not a " + FORMAT + " export");
      }
      int version = GalleryJson.required(node, "format_version").asInt();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("format version " + version + " is not supported");
      }
      return new Header(
          GalleryJson.required(node, "gallery").asText(),
          Instant.parse(GalleryJson.required(node, "created_at").asText()),
          GalleryJson.settings(node),
          GalleryJson.stamp(GalleryJson.required(node, "model")),
          node.path("examples").asLong(-1));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new InvalidGalleryRequestException("line 1 (header): " + e.getMessage());
    }
  }

  static StoredExample readExample(String line, long lineNumber) {
    try {
      JsonNode node = GalleryJson.read(line);
      JsonNode metadata = node.get("metadata");
      return new StoredExample(
          GalleryJson.required(node, "id").asText(),
          GalleryJson.required(node, "subject").asText(),
          metadata == null ? Optional.empty() : Optional.of(objectOf(metadata)),
          GalleryJson.ref(GalleryJson.required(node, "model")),
          Instant.parse(GalleryJson.required(node, "enrolled_at").asText()),
          FloatBytes.fromBase64(GalleryJson.required(node, "embedding").asText()),
          FloatBytes.fromBase64(GalleryJson.required(node, "tensor").asText()));
    } catch (IllegalArgumentException | java.time.DateTimeException | GalleryException e) {
      throw new InvalidGalleryRequestException("line " + lineNumber + ": " + e.getMessage());
    }
  }

  private static ObjectNode objectOf(JsonNode metadata) {
    Limits.metadataJson(metadata);
    return (ObjectNode) metadata;
  }
}
