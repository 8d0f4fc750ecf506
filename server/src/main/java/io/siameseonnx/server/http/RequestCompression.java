package io.siameseonnx.server.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Request bodies sent compressed ({@code Content-Encoding: gzip} or {@code deflate}, as
 * tritonclient sends them with {@code request_compression_algorithm}, or any client of the JSON
 * API): inflated before they are read, v1's JSON as it streams in, v2's whole. The body limit holds
 * for the inflated bytes as for plain ones, so a small body that inflates without end costs at most
 * the limit and gets 413. With binary tensor data, {@code Inference-Header-Content-Length} counts
 * the inflated JSON, as tritonclient computes it.
 */
public final class RequestCompression {
  /** How a body is encoded. */
  public enum Encoding {
    IDENTITY,
    GZIP,
    DEFLATE
  }

  private static final int CHUNK = 8192;

  private RequestCompression() {}

  /**
   * The encoding a {@code Content-Encoding} value names (null: none).
   *
   * @throws ApiException 415 for any other encoding
   */
  public static Encoding encoding(String contentEncoding) {
    if (contentEncoding == null) {
      return Encoding.IDENTITY;
    }
    return switch (contentEncoding.trim().toLowerCase(Locale.ROOT)) {
      case "", "identity" -> Encoding.IDENTITY;
      case "gzip", "x-gzip" -> Encoding.GZIP;
      case "deflate" -> Encoding.DEFLATE;
      default ->
          throw new ApiException(
              ErrorCode.UNSUPPORTED_MEDIA_TYPE,
              "Content-Encoding "
                  + contentEncoding
                  + " is not supported; send the body as it is, as gzip or as deflate");
    };
  }

  /**
   * The body inflated, at most {@code limit} bytes.
   *
   * @throws ApiException 413 when it inflates to more than {@code limit} bytes, 400 when it is not
   *     what its encoding says or inflates to nothing
   */
  public static byte[] inflate(byte[] body, Encoding encoding, long limit) {
    if (encoding == Encoding.IDENTITY) {
      return body;
    }
    int most = (int) Math.min(Integer.MAX_VALUE - CHUNK, limit + 1);
    // HTTP's deflate is zlib's format (RFC 1950); some clients send the raw stream without it.
    Inflater inflater = encoding == Encoding.DEFLATE ? new Inflater(!zlibHeader(body)) : null;
    byte[] inflated;
    try (InputStream in =
        encoding == Encoding.GZIP
            ? new GZIPInputStream(new ByteArrayInputStream(body), CHUNK)
            : new InflaterInputStream(new ByteArrayInputStream(body), inflater, CHUNK)) {
      inflated = in.readNBytes(most);
    } catch (IOException e) {
      throw new ApiException(
          ErrorCode.INVALID_JSON,
          "request body is not valid "
              + encoding.name().toLowerCase(Locale.ROOT)
              + ": "
              + e.getMessage());
    } finally {
      if (inflater != null) {
        inflater.end();
      }
    }
    if (inflated.length > limit) {
      throw new ApiException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "request body is over the limit of " + limit + " bytes once inflated");
    }
    if (inflated.length == 0) {
      throw new ApiException(ErrorCode.INVALID_JSON, "request body is empty once inflated");
    }
    return inflated;
  }

  /**
   * {@code in} inflated as it is read (the caller counts the inflated bytes against the limit).
   *
   * @throws IOException when a gzip body does not start as one
   */
  static InputStream inflating(InputStream in, Encoding encoding) throws IOException {
    return switch (encoding) {
      case IDENTITY -> in;
      case GZIP -> new GZIPInputStream(in, CHUNK);
      case DEFLATE -> {
        BufferedInputStream buffered = new BufferedInputStream(in, CHUNK);
        buffered.mark(2);
        byte[] start = buffered.readNBytes(2);
        buffered.reset();
        Inflater inflater = new Inflater(!zlibHeader(start));
        yield new InflaterInputStream(buffered, inflater, CHUNK) {
          @Override
          public void close() throws IOException {
            try {
              super.close();
            } finally {
              inflater.end();
            }
          }
        };
      }
    };
  }

  /** Whether a body starts with a zlib header: deflate, a window size, and a checksum of both. */
  private static boolean zlibHeader(byte[] body) {
    if (body.length < 2) {
      return false;
    }
    int cmf = body[0] & 0xff;
    int flg = body[1] & 0xff;
    return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
  }
}
