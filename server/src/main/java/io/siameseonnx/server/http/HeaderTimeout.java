package io.siameseonnx.server.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose request line and headers take longer than the header timeout to arrive
 * (a slowloris client sends one header byte a second, and each byte resets Jetty's idle timeout, so
 * without this such a connection is never closed). A connection is watched from the moment the
 * first byte of a request arrives until its headers are complete; idle keep-alive connections are
 * left to the idle timeout.
 */
public final class HeaderTimeout implements Connection.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeaderTimeout.class);

  private final long timeoutNanos;
  private final Map<HttpConnection, long[]> open = new ConcurrentHashMap<>();
  private final ScheduledExecutorService checker;

  /** A guard that closes connections whose headers take longer than {@code timeout}. */
  public HeaderTimeout(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    this.checker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "header-timeout");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(10, Math.min(250, timeout.toMillis() / 4));
    checker.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection http) {
      open.put(http, new long[] {0});
    }
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  private void check() {
    long now = System.nanoTime();
    for (Map.Entry<HttpConnection, long[]> e : open.entrySet()) {
      HttpParser parser = e.getKey().getParser();
      long[] since = e.getValue();
      if (readingHeaders(parser)) {
        if (since[0] == 0) {
          since[0] = now;
        } else if (now - since[0] > timeoutNanos) {
          LOG.debug("Closing {}: its headers took longer than the header timeout", e.getKey());
          open.remove(e.getKey());
          e.getKey().getEndPoint().close();
        }
      } else {
        since[0] = 0;
      }
    }
  }

  /** Whether a request has begun and its headers are not complete. */
  private static boolean readingHeaders(HttpParser parser) {
    HttpParser.State state = parser.getState();
    return state != HttpParser.State.START && state.ordinal() <= HttpParser.State.HEADER.ordinal();
  }

  /** Stops watching. */
  @Override
  public void close() {
    checker.shutdownNow();
  }
}
