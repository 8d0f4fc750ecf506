package io.siameseonnx.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Request bodies compressed as HTTP clients compress them, and bombs that inflate without end. */
public final class Compressed {
  private Compressed() {}

  /** {@code body} as a gzip file (Java's own writer, as a client would use it). */
  public static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** {@code body} deflated: in zlib's format (HTTP's deflate), or the raw stream without it. */
  public static byte[] deflate(byte[] body, boolean raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
    try (DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater)) {
      stream.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deflater.end();
    }
    return out.toByteArray();
  }

  /** A gzip file of {@code count} zero bytes (about a thousandth of that), written in chunks. */
  public static byte[] gzipOfZeros(long count) {
    return gzipOf(new byte[0], (byte) 0, count);
  }

  /** A gzip file of {@code start} then {@code count} bytes of {@code fill}, written in chunks. */
  public static byte[] gzipOf(byte[] start, byte fill, long count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[1 << 16];
    java.util.Arrays.fill(chunk, fill);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
      gzip.write(start);
      for (long written = 0; written < count; written += chunk.length) {
        gzip.write(chunk);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
