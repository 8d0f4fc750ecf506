package io.siameseonnx.server.gallery;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.apache.lucene.util.BytesRef;

/** float32 arrays as little-endian bytes (stored tensors) and their base64 (exports). */
final class FloatBytes {
  private FloatBytes() {}

  static byte[] toBytes(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES);
    buffer.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    return buffer.array();
  }

  static float[] fromBytes(BytesRef bytes) {
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          "float32 data must be a multiple of 4 bytes, got " + bytes.length);
    }
    float[] values = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes.bytes, bytes.offset, bytes.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer()
        .get(values);
    return values;
  }

  static String toBase64(float[] values) {
    return Base64.getEncoder().encodeToString(toBytes(values));
  }

  static float[] fromBase64(String base64) {
    return fromBytes(new BytesRef(Base64.getDecoder().decode(base64)));
  }
}
