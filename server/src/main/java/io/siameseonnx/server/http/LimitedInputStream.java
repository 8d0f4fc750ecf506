package io.siameseonnx.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body that counts its bytes and fails once they pass the body size limit. */
final class LimitedInputStream extends FilterInputStream {
  /** The body is over the limit. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long limit) {
      super("request body is over the limit of " + limit + " bytes");
    }
  }

  private final long limit;
  private long count;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  /** Bytes read so far. */
  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    add(skipped);
    return skipped;
  }

  private void add(long n) throws TooLargeException {
    count += n;
    if (count > limit) {
      throw new TooLargeException(limit);
    }
  }
}
