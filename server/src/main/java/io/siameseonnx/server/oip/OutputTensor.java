package io.siameseonnx.server.oip;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * An output tensor of an inference response: FP32 elements, row-major, held in the chunks the model
 * produced them in (one embedding a chunk, or all distances in one), so that no protocol has to
 * copy them into one array before writing them.
 *
 * @param name the output's name
 * @param datatype its data type ({@code FP32})
 * @param shape its shape, batch first
 * @param chunks the elements: the chunks concatenated, in order
 */
public record OutputTensor(String name, String datatype, List<Long> shape, float[][] chunks) {
  /** Copies the shape. */
  public OutputTensor {
    shape = List.copyOf(shape);
  }

  /** The elements as the binary extension and gRPC's raw contents carry them: little-endian. */
  public byte[] toLittleEndian() {
    byte[] bytes = new byte[elementCount() * Float.BYTES];
    writeLittleEndian(bytes, 0);
    return bytes;
  }

  /**
   * Writes the elements little-endian into {@code into} from {@code offset}: {@code elementCount()
   * * 4} bytes.
   */
  public void writeLittleEndian(byte[] into, int offset) {
    FloatBuffer floats =
        ByteBuffer.wrap(into, offset, elementCount() * Float.BYTES)
            .slice()
            .order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer();
    for (float[] chunk : chunks) {
      floats.put(chunk);
    }
  }

  /** How many elements there are. */
  public int elementCount() {
    int n = 0;
    for (float[] chunk : chunks) {
      n += chunk.length;
    }
    return n;
  }
}
