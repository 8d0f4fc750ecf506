package io.siameseonnx.server.http.v1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.siameseonnx.server.http.ApiException;
import io.siameseonnx.server.http.MultipartForm;
import io.siameseonnx.server.service.ImageInput;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /v1/embeddings}: images to embed.
 *
 * @param images the images, base64 strings or tensor objects
 * @param encoding {@code float} (default) or {@code base64} (little-endian float32)
 */
public record EmbeddingsRequest(
    @JsonDeserialize(using = ImageListDeserializer.class) List<ImageInput> images,
    String encoding) {

  /** How embeddings are written in the response. */
  public enum Encoding {
    /** JSON arrays of numbers. */
    FLOAT,
    /** Base64 of little-endian float32 values: about a third of the size of JSON numbers. */
    BASE64
  }

  /** The request from multipart parts {@code images} (repeated) and field {@code encoding}. */
  public static EmbeddingsRequest fromForm(MultipartForm form) {
    return new EmbeddingsRequest(form.images("images"), form.field("encoding").orElse(null));
  }

  /** The requested encoding. */
  public Encoding parsedEncoding() {
    if (encoding == null) {
      return Encoding.FLOAT;
    }
    return switch (encoding.toLowerCase(Locale.ROOT)) {
      case "float" -> Encoding.FLOAT;
      case "base64" -> Encoding.BASE64;
      default ->
          throw ApiException.invalid(
              "\"encoding\" must be \"float\" or \"base64\", got \"" + encoding + "\"");
    };
  }
}
