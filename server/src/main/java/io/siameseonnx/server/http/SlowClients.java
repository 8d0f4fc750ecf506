package io.siameseonnx.server.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connections of clients that send a request too slowly. Each byte resets Jetty's idle
 * timeout, so a client that sends one byte a second holds its connection, and while it sends a
 * body, a request thread, for as long as it likes (slowloris for headers, "slow POST" for bodies);
 * enough of them and the server answers no one.
 *
 * <ul>
 *   <li>A request's line and headers must arrive within the header timeout, from their first byte.
 *   <li>Its body must then arrive at {@code minBodyRate} bytes a second on average, counted from
 *       one header timeout after the headers: a slow link gets that long to get going, and a pause
 *       between headers and body (a client waiting for {@code 100 Continue}) costs nothing.
 * </ul>
 *
 * Time counts only while the server waits to read from the client: a server busy with the request,
 * or blocked writing an answer the client does not read, makes no client late. Idle keep-alive
 * connections are left to the idle timeout. A closed connection fails the read of a handler that
 * waits for the body, which then ends.
 */
public final class SlowClients implements Connection.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SlowClients.class);

  private final long timeoutNanos;
  private final long minBodyRate;
  private final Map<HttpConnection, Watch> open = new ConcurrentHashMap<>();
  private final ScheduledExecutorService checker;
  private final Consumer<String> onClose;

  /** Where a connection's current request stands, as the checker last saw it. */
  private static final class Watch {
    /** When its headers began arriving, or 0 when none are. */
    long headersSince;

    /** When its body began (its headers were complete), or 0 when none is being read. */
    long bodySince;

    /** The connection's bytes in when its body began. */
    long bytesAtBody;
  }

  /**
   * A guard that closes connections whose headers take longer than {@code headerTimeout}, or whose
   * body arrives slower than {@code minBodyRate} bytes a second (0: bodies are not watched), and
   * tells {@code onClose} which part was too slow ({@code headers} or {@code body}).
   */
  public SlowClients(Duration headerTimeout, long minBodyRate, Consumer<String> onClose) {
    this.timeoutNanos = headerTimeout.toNanos();
    this.minBodyRate = minBodyRate;
    this.onClose = onClose;
    this.checker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "slow-clients");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(10, Math.min(250, headerTimeout.toMillis() / 4));
    checker.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection http) {
      open.put(http, new Watch());
    }
  }

  @Override
  public void onClosed(Connection connection) {
    open.remove(connection);
  }

  private void check() {
    long now = System.nanoTime();
    for (Map.Entry<HttpConnection, Watch> e : open.entrySet()) {
      HttpConnection connection = e.getKey();
      Watch watch = e.getValue();
      HttpParser.State state = connection.getParser().getState();
      if (!connection.getEndPoint().isFillInterested()) {
        // The server is not waiting for this client (it is busy with the request, or blocked
        // writing an answer the client does not read): nothing the client sends is late.
        watch.headersSince = 0;
        watch.bodySince = 0;
      } else if (readingHeaders(state)) {
        watch.bodySince = 0;
        if (watch.headersSince == 0) {
          watch.headersSince = now;
        } else if (now - watch.headersSince > timeoutNanos) {
          close(connection, "headers", "its headers took longer than the header timeout");
        }
      } else if (minBodyRate > 0 && readingBody(state)) {
        watch.headersSince = 0;
        long bytesIn = connection.getBytesIn();
        if (watch.bodySince == 0) {
          watch.bodySince = now;
          watch.bytesAtBody = bytesIn;
        } else {
          long late = now - watch.bodySince - timeoutNanos;
          if (late > 0 && bytesIn - watch.bytesAtBody < minBodyRate * late / 1_000_000_000L) {
            close(
                connection,
                "body",
                "its body arrived slower than " + minBodyRate + " bytes a second");
          }
        }
      } else {
        watch.headersSince = 0;
        watch.bodySince = 0;
      }
    }
  }

  private void close(HttpConnection connection, String phase, String why) {
    LOG.debug("Closing {}: {}", connection, why);
    open.remove(connection);
    connection.getEndPoint().close();
    onClose.accept(phase);
  }

  /** Whether a request has begun and its headers are not complete. */
  private static boolean readingHeaders(HttpParser.State state) {
    return state != HttpParser.State.START && state.ordinal() <= HttpParser.State.HEADER.ordinal();
  }

  /** Whether a request's headers are complete and its body is not. */
  private static boolean readingBody(HttpParser.State state) {
    return state.ordinal() > HttpParser.State.HEADER.ordinal()
        && state.ordinal() < HttpParser.State.END.ordinal();
  }

  /** Stops watching. */
  @Override
  public void close() {
    checker.shutdownNow();
  }
}
