package io.siameseonnx.server.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Decodes the API's base64 embeddings. */
public final class Floats {
  private Floats() {}

  /** Little-endian float32 from base64. */
  public static float[] fromBase64(String text) {
    ByteBuffer bytes =
        ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.remaining() / Float.BYTES];
    bytes.asFloatBuffer().get(values);
    return values;
  }
}
