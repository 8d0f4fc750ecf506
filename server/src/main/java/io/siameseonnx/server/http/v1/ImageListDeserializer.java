package io.siameseonnx.server.http.v1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import io.siameseonnx.server.http.ApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON array of images (or of pairs of images) and stops at the first element beyond the
 * request's image limit, before it is built: a 16 MB body of {@code ["", "", ...]} holds millions
 * of elements, and building each one first (with its path) runs the server out of memory. The limit
 * is the {@value #MAX_IMAGES} attribute of the reader; a pair counts as two images.
 */
public final class ImageListDeserializer extends JsonDeserializer<List<?>>
    implements ContextualDeserializer {
  /** The reader attribute holding the most images one request may carry (an Integer). */
  public static final String MAX_IMAGES = "siamese.maxImages";

  private final JavaType elementType;
  private final JsonDeserializer<Object> elements;

  /** The deserializer before it knows its property (Jackson calls createContextual). */
  public ImageListDeserializer() {
    this(null, null);
  }

  private ImageListDeserializer(JavaType elementType, JsonDeserializer<Object> elements) {
    this.elementType = elementType;
    this.elements = elements;
  }

  /** Finds the elements' deserializer once, rather than once an element. */
  @Override
  public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
      throws JsonMappingException {
    JavaType type = property == null ? ctxt.getContextualType() : property.getType();
    JavaType element = type.getContentType();
    return new ImageListDeserializer(
        element, ctxt.findContextualValueDeserializer(element, property));
  }

  @Override
  public List<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      return (List<?>) ctxt.handleUnexpectedToken(List.class, p);
    }
    String field = ImageInputDeserializer.path(p);
    int perElement = elementType.getRawClass() == PairInput.class ? 2 : 1;
    Object limit = ctxt.getAttribute(MAX_IMAGES);
    int maxImages = limit instanceof Integer max ? max : Integer.MAX_VALUE;
    int maxElements = Math.max(1, maxImages / perElement);
    List<Object> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == null) {
        throw new JsonEOFException(p, JsonToken.END_ARRAY, "unexpected end of input in " + field);
      }
      if (out.size() == maxElements) {
        throw ApiException.invalid(
            field
                + ": too many "
                + (perElement == 2 ? "pairs" : "images")
                + ": more than "
                + maxElements
                + " in one request, the limit is "
                + maxImages
                + " images");
      }
      out.add(t == JsonToken.VALUE_NULL ? null : elements.deserialize(p, ctxt));
    }
    return out;
  }
}
