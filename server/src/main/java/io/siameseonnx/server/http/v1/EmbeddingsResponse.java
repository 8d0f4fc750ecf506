package io.siameseonnx.server.http.v1;

import io.siameseonnx.server.service.EmbeddingResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * The answer to {@code POST /v1/embeddings}.
 *
 * @param model the model's name
 * @param version the model version that computed every embedding
 * @param dimension floats in one embedding
 * @param encoding {@code float} or {@code base64}
 * @param embeddings one embedding an image, in request order: {@code float[][]} or base64 strings
 */
public record EmbeddingsResponse(
    String model, long version, int dimension, String encoding, Object embeddings) {

  /** The response for a result in the requested encoding. */
  public static EmbeddingsResponse of(EmbeddingResult result, EmbeddingsRequest.Encoding encoding) {
    Object embeddings =
        switch (encoding) {
          case FLOAT -> result.embeddings();
          case BASE64 -> base64(result.embeddings());
        };
    return new EmbeddingsResponse(
        result.model().name(),
        result.model().version(),
        result.model().dimension(),
        encoding.name().toLowerCase(java.util.Locale.ROOT),
        embeddings);
  }

  private static String[] base64(float[][] embeddings) {
    String[] out = new String[embeddings.length];
    Base64.Encoder encoder = Base64.getEncoder();
    for (int i = 0; i < embeddings.length; i++) {
      ByteBuffer bytes =
          ByteBuffer.allocate(embeddings[i].length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(embeddings[i]);
      out[i] = encoder.encodeToString(bytes.array());
    }
    return out;
  }
}
