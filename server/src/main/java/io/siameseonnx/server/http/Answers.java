package io.siameseonnx.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Writes the inference routes' answers straight to the servlet response, at once or when their
 * result completes.
 *
 * <p>An inference route does not hold its request thread while the batch runs ({@link #whenDone}):
 * the thread parks, the batcher wakes it, and at concurrency 64 that hand-off cost more CPU than
 * the thread pool's own (see the README's sixth round). The answer is written on one of {@code
 * writers} (Jetty's request threads), never on the thread that completed the result: the servlet
 * response's write blocks, and a batcher thread must not wait on a client that reads its answer
 * slowly. ({@link DirectRoutes}, whose writes never block, writes a large request's answer on the
 * completing thread.)
 *
 * <p>Answers are written to the servlet response whole, with their length, compressed as {@link
 * Compression} says (as {@link DirectRoutes} writes them): Javalin would copy a result through a
 * fresh 8 KB buffer and a new compressor on every request (JFR put a fifth of the bytes a request
 * allocates there).
 */
public final class Answers {
  /**
   * Where a request's batch runs when the batcher is idle (nothing queued, running or being
   * decoded): on the request's own thread, which then answers at once.
   */
  public static final Executor REQUEST_THREAD = Runnable::run;

  private final ObjectMapper mapper;
  private final Executor writers;

  /**
   * Answers serialised with the API's mapper; those that wait for a result are written on {@code
   * writers}.
   */
  public Answers(ObjectMapper mapper, Executor writers) {
    this.mapper = mapper;
    this.writers = writers;
  }

  /**
   * Answers with {@code answer} once {@code result} completes. A result already complete (a lone
   * request ran its batch on this thread) is answered at once; otherwise the request goes
   * asynchronous and the answer is written on one of the writers. A failed result is answered as if
   * its exception had been thrown here.
   */
  public <T> void whenDone(Context ctx, CompletableFuture<T> result, Consumer<? super T> answer) {
    if (result.isDone()) {
      T value;
      try {
        value = result.get();
      } catch (ExecutionException e) {
        throw rethrown(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      answer.accept(value);
      return;
    }
    CompletableFuture<Void> answered =
        result.thenAcceptAsync(
            value -> {
              try {
                answer.accept(value);
              } catch (VirtualMachineError e) {
                throw ErrorHandling.carry(e);
              }
            },
            writers);
    ctx.future(() -> answered);
  }

  /** Answers {@code pending}'s reply once its result completes (see {@link #whenDone}). */
  public <T> void whenDone(Context ctx, Pending<T> pending) {
    whenDone(ctx, pending.result(), value -> reply(ctx, pending.reply().apply(value)));
  }

  /** Writes {@code reply}. */
  public static void reply(Context ctx, Reply reply) {
    reply.headers().forEach(ctx::header);
    bytes(ctx, reply.contentType(), reply.body());
  }

  /** {@code value} as the API's JSON. */
  public byte[] jsonBytes(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the answer as JSON: " + e.getMessage(), e);
    }
  }

  /** The executor that writes answers whose result completed elsewhere. */
  Executor writers() {
    return writers;
  }

  private static RuntimeException rethrown(Throwable cause) {
    if (cause instanceof CompletionException c && c.getCause() != null) {
      cause = c.getCause();
    }
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof VirtualMachineError e) {
      return ErrorHandling.carry(e);
    }
    return new IllegalStateException(cause);
  }

  /** Answers {@code body} as {@code contentType}. */
  public static void bytes(Context ctx, String contentType, byte[] body) {
    ctx.contentType(contentType);
    if (Compression.applies(ctx.header("Accept-Encoding"), contentType, body.length)) {
      body = Compression.gzip(body);
      ctx.header("Content-Encoding", Compression.GZIP);
    }
    HttpServletResponse response = ctx.res();
    response.setContentLength(body.length);
    try {
      response.getOutputStream().write(body);
    } catch (IOException e) {
      throw new ClientGoneException(e);
    }
  }
}
