package io.siameseonnx.server.http;

import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * How answers are compressed: gzip at level 1, for a client whose {@code Accept-Encoding} names
 * gzip, on bodies of 1,500 bytes or more (Javalin's threshold: a smaller one fits a packet), and
 * never on binary tensor data. The inference routes compress here, whichever way they are served
 * ({@link DirectRoutes} or Javalin); every other route through Javalin's {@link
 * #javalinStrategy()}, at the same level.
 *
 * <p>Level 1, not Javalin's default 6: float text compresses almost as well at the fastest level
 * and several times faster. A 32-image embeddings answer (49 KB of JSON) took 2.2 ms at level 6,
 * more than the batch's inference, and 0.36 ms at level 1 for a body 9% larger (21 vs 23 KB); nginx
 * compresses at level 1 by default too. Float32 tensor bytes ({@code application/octet-stream}, the
 * binary extension's answers) shrank 7% for 140-200 us a 32-image answer, so they are sent as they
 * are: a client may always be answered uncompressed.
 */
public final class Compression {
  /** The deflate level: the fastest. */
  public static final int LEVEL = Deflater.BEST_SPEED;

  /** The smallest body compressed (Javalin's default). */
  public static final int SMALLEST = 1500;

  /** The {@code Content-Encoding} of a compressed answer. */
  public static final String GZIP = "gzip";

  private static final String BINARY = "application/octet-stream";

  /** RFC 1952's header: deflate, no flags, no time, no extra flags, unknown system. */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private static final int TRAILER = 8;

  /**
   * Deflaters kept between answers: zlib's state is a few hundred KB of native memory, allocated
   * and cleared on each new one.
   */
  private static final BlockingQueue<Deflater> IDLE =
      new ArrayBlockingQueue<>(Math.max(2, Runtime.getRuntime().availableProcessors()));

  private Compression() {}

  /** Javalin's compression for the routes it answers itself: the same rule, at {@link #LEVEL}. */
  public static CompressionStrategy javalinStrategy() {
    return new CompressionStrategy(null, new Gzip(LEVEL));
  }

  /**
   * Whether an answer of {@code length} bytes of {@code contentType} goes gzipped to a client that
   * sent {@code acceptEncoding} (null when it sent none).
   */
  public static boolean applies(String acceptEncoding, String contentType, int length) {
    return length >= SMALLEST && !BINARY.equals(contentType) && acceptsGzip(acceptEncoding);
  }

  /**
   * Whether an {@code Accept-Encoding} value names gzip with a weight above 0 ({@code gzip}, {@code
   * gzip, deflate}, {@code br;q=1, gzip;q=0.5}; not {@code gzip;q=0}).
   */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.split(",")) {
      String[] parameters = coding.split(";");
      if (!parameters[0].trim().equalsIgnoreCase(GZIP)) {
        continue;
      }
      for (int i = 1; i < parameters.length; i++) {
        String parameter = parameters[i].trim();
        if (parameter.regionMatches(true, 0, "q=", 0, 2)) {
          try {
            return Double.parseDouble(parameter.substring(2).trim()) > 0;
          } catch (NumberFormatException e) {
            return false;
          }
        }
      }
      return true;
    }
    return false;
  }

  /** {@code body} as a gzip file. */
  public static byte[] gzip(byte[] body) {
    Deflater deflater = IDLE.poll();
    if (deflater == null) {
      deflater = new Deflater(LEVEL, true);
    }
    try {
      deflater.setInput(body);
      deflater.finish();
      byte[] out = Arrays.copyOf(HEADER, HEADER.length + body.length / 2 + 64);
      int length = HEADER.length;
      while (!deflater.finished()) {
        if (length == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        length += deflater.deflate(out, length, out.length - length);
      }
      CRC32 crc = new CRC32();
      crc.update(body);
      out = Arrays.copyOf(out, length + TRAILER);
      putIntLittleEndian(out, length, (int) crc.getValue());
      putIntLittleEndian(out, length + 4, body.length);
      return out;
    } finally {
      deflater.reset();
      if (!IDLE.offer(deflater)) {
        deflater.end();
      }
    }
  }

  private static void putIntLittleEndian(byte[] out, int at, int value) {
    for (int i = 0; i < 4; i++) {
      out[at + i] = (byte) (value >>> (8 * i));
    }
  }
}
