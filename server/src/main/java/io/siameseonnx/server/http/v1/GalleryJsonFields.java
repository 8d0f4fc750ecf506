package io.siameseonnx.server.http.v1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siameseonnx.server.http.ApiException;
import java.util.Optional;

/** JSON values that arrive as multipart text fields (a gallery's or an example's metadata). */
final class GalleryJsonFields {
  private static final ObjectMapper MAPPER = ApiJson.mapper();

  private GalleryJsonFields() {}

  /** The JSON object in a text field, or null without the field; a 422 naming it otherwise. */
  static ObjectNode object(Optional<String> text, String field) {
    if (text.isEmpty()) {
      return null;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text.get());
    } catch (JsonProcessingException e) {
      throw ApiException.invalid("\"" + field + "\" must be a JSON object; it is not JSON");
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.invalid("\"" + field + "\" must be a JSON object");
    }
    return object;
  }
}
