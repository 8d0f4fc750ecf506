package io.siameseonnx.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.javalin.Javalin;
import io.siameseonnx.server.http.v1.V1Errors;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A client that goes away while its answer is being written (a load generator stopping, a client
 * timing out) is not a server error: the failed write is logged at debug level, never as an
 * unexpected error with a stack trace, and the server goes on serving.
 */
class ClientGoneTest {
  /**
   * Far more than the kernel's socket buffers hold, so that the write is under way at the reset.
   */
  private static final int ANSWER_BYTES = 32 << 20;

  @Test
  void aResetDuringTheAnswerIsLoggedAsTheClientGoingAway() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(ErrorHandling.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    Level level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    byte[] answer = new byte[ANSWER_BYTES];
    Javalin app =
        Javalin.create(
                c -> {
                  c.startup.showJavalinBanner = false;
                  c.startup.showOldJavalinVersionWarning = false;
                  c.jetty.host = "127.0.0.1";
                  c.jetty.port = 0;
                  new ErrorHandling(new V1Errors()).register(c.routes);
                  c.routes.get(
                      "/large", ctx -> Answers.bytes(ctx, "application/octet-stream", answer));
                  c.routes.get("/small", ctx -> Answers.bytes(ctx, "text/plain", new byte[] {'k'}));
                })
            .start();
    try {
      try (Socket socket = new Socket()) {
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", app.port()));
        OutputStream out = socket.getOutputStream();
        out.write("GET /large HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        socket.getInputStream().read(); // the answer has started
        socket.setSoLinger(true, 0); // closing now resets the connection
      }
      List<ILoggingEvent> seen = awaitEvent(events, "went away");
      assertThat(seen)
          .anySatisfy(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
                assertThat(e.getFormattedMessage()).startsWith("GET /large: the client went away");
              });
      assertThat(seen).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));

      try (Socket socket = new Socket("127.0.0.1", app.port())) {
        socket
            .getOutputStream()
            .write(
                "GET /small HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(reply).startsWith("HTTP/1.1 200").endsWith("k");
      }
    } finally {
      app.stop();
      logger.detachAppender(events);
      logger.setLevel(level);
    }
  }

  /** The events so far once one contains {@code text} (the handler runs on a server thread). */
  private static List<ILoggingEvent> awaitEvent(ListAppender<ILoggingEvent> events, String text)
      throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      List<ILoggingEvent> now = List.copyOf(events.list);
      if (now.stream().anyMatch(e -> e.getFormattedMessage().contains(text))) {
        return now;
      }
      Thread.sleep(50);
    }
    return List.copyOf(events.list);
  }
}
