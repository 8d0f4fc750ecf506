package io.siameseonnx.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ExceptionHandler;
import io.javalin.http.HttpResponseException;
import io.siameseonnx.server.errors.InferenceException;
import io.siameseonnx.server.errors.InvalidInputException;
import io.siameseonnx.server.errors.ModelNotFoundException;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.server.gallery.ExampleNotFoundException;
import io.siameseonnx.server.gallery.GalleryConflictException;
import io.siameseonnx.server.gallery.GalleryException;
import io.siameseonnx.server.gallery.GalleryNotFoundException;
import io.siameseonnx.server.gallery.InvalidGalleryNameException;
import io.siameseonnx.server.gallery.InvalidGalleryRequestException;
import io.siameseonnx.server.gallery.SubjectNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into an HTTP answer, in one place: {@link #translate} decides the status and
 * code for each kind of failure (the services' domain exceptions, the HTTP layer's own, Javalin's),
 * and the protocol that owns the route (chosen by path prefix) renders it in its own error shape.
 * Bad input is never a 500 and no answer carries a stack trace: unexpected exceptions are logged
 * and answered with a generic message.
 */
public final class ErrorHandling {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

  /** Seconds a client is asked to wait after a 429 or 503. */
  public static final String RETRY_AFTER_SECONDS = "1";

  /** The most bytes of an unread request body that are read and dropped before an error. */
  private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

  /**
   * Where drained bytes go, shared by every thread (nobody reads it): draining a body must not
   * allocate, since the request it belongs to may have just run the server out of memory.
   */
  private static final byte[] DISCARDED = new byte[64 * 1024];

  /** One protocol's error shape. */
  @FunctionalInterface
  public interface Renderer {
    /** The body (serialised as JSON) for {@code code} and {@code message}. */
    Object body(ErrorCode code, String message);

    /**
     * The status for {@code code} in this protocol: the code's own, unless the protocol knows fewer
     * statuses (the Open Inference Protocol answers every bad request with 400).
     */
    default int status(ErrorCode code) {
      return code.status();
    }
  }

  /**
   * A failure as an HTTP answer.
   *
   * @param code the error code, which carries the status
   * @param message what went wrong, for the client
   * @param headers headers to set (Retry-After, WWW-Authenticate, Allow)
   */
  public record Answer(ErrorCode code, String message, Map<String, String> headers) {}

  private record Prefix(String prefix, Renderer renderer) {}

  private final List<Prefix> prefixes = new ArrayList<>();
  private final Renderer fallback;

  /** Error handling that renders with {@code fallback} unless a prefix says otherwise. */
  public ErrorHandling(Renderer fallback) {
    this.fallback = fallback;
  }

  /**
   * Routes under {@code prefix} answer errors in {@code renderer}'s shape (longest prefix wins).
   */
  public ErrorHandling withPrefix(String prefix, Renderer renderer) {
    prefixes.add(new Prefix(prefix, renderer));
    prefixes.sort(Comparator.comparingInt((Prefix p) -> p.prefix().length()).reversed());
    return this;
  }

  /** Registers the exception handlers. */
  public void register(RoutesConfig routes) {
    routes.exception(ApiException.class, neverThrowing((e, ctx) -> answer(ctx, translate(e, ctx))));
    routes.exception(
        ClientGoneException.class,
        neverThrowing(
            (e, ctx) -> LOG.debug("{} {}: {}", ctx.method(), ctx.path(), e.getMessage())));
    routes.exception(
        HttpResponseException.class, neverThrowing((e, ctx) -> answer(ctx, translate(e, ctx))));
    routes.exception(Exception.class, neverThrowing((e, ctx) -> answer(ctx, translate(e, ctx))));
  }

  /**
   * {@code handler}, with what it throws logged and dropped. An asynchronous request's failure is
   * handled inside Javalin's completion of that request, which completes it only once the handler
   * returns: a handler that threw would leave the request open for good, and the server's stop
   * waiting on it. It throws when the request is gone (its connection closed and Jetty recycled it:
   * every header or body access then fails), and then there is nobody to answer anyway.
   */
  static <T extends Exception> ExceptionHandler<T> neverThrowing(ExceptionHandler<T> handler) {
    return (e, ctx) -> {
      try {
        handler.handle(e, ctx);
      } catch (RuntimeException failure) {
        LOG.debug("no answer to {}: the request is gone ({})", e, failure.toString());
      }
    };
  }

  /** The answer to a failure: the one mapping from failures to statuses and codes. */
  public static Answer translate(Exception e, Context ctx) {
    if (e instanceof HttpResponseException http) {
      return javalin(http, ctx);
    }
    return translate(e, ctx.method().name(), ctx.path());
  }

  /**
   * The answer to a failure of a request outside Javalin ({@link DirectRoutes}); {@code method} and
   * {@code path} only name the request in the log when the failure is unexpected.
   */
  public static Answer translate(Exception e, String method, String path) {
    if (e instanceof ApiException api) {
      return new Answer(api.code(), api.getMessage(), api.headers());
    }
    if (e instanceof InvalidInputException invalid) {
      ErrorCode code =
          switch (invalid.kind()) {
            case IMAGE -> ErrorCode.INVALID_IMAGE;
            case IMAGE_FORMAT -> ErrorCode.UNSUPPORTED_IMAGE_FORMAT;
            case TENSOR -> ErrorCode.INVALID_TENSOR;
            case VALUE -> ErrorCode.INVALID_REQUEST;
          };
      return new Answer(code, invalid.getMessage(), Map.of());
    }
    if (e instanceof OverloadedException overloaded) {
      return new Answer(
          overloaded.shuttingDown() ? ErrorCode.NOT_READY : ErrorCode.OVERLOADED,
          e.getMessage(),
          Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }
    if (e instanceof ModelNotFoundException) {
      return new Answer(ErrorCode.NOT_FOUND, e.getMessage(), Map.of());
    }
    if (e instanceof NotReadyException) {
      return new Answer(
          ErrorCode.NOT_READY, e.getMessage(), Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }
    if (e instanceof InferenceException) {
      // Already logged with its stack trace where it happened.
      return new Answer(
          ErrorCode.INFERENCE_FAILED, "inference failed; see the server log", Map.of());
    }
    if (e instanceof GalleryException gallery) {
      Answer answer = gallery(gallery);
      if (answer != null) {
        return answer;
      }
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError oom) {
        return outOfMemory(oom);
      }
    }
    LOG.error("Unexpected error on {} {}", method, path, e);
    return new Answer(ErrorCode.INTERNAL_ERROR, "internal error; see the server log", Map.of());
  }

  /** The answer to a gallery store's refusal; null for a storage failure (a logged 500). */
  private static Answer gallery(GalleryException e) {
    ErrorCode code;
    if (e instanceof InvalidGalleryNameException) {
      code = ErrorCode.INVALID_NAME;
    } else if (e instanceof GalleryNotFoundException) {
      code = ErrorCode.GALLERY_NOT_FOUND;
    } else if (e instanceof SubjectNotFoundException) {
      code = ErrorCode.SUBJECT_NOT_FOUND;
    } else if (e instanceof ExampleNotFoundException) {
      code = ErrorCode.EXAMPLE_NOT_FOUND;
    } else if (e instanceof GalleryConflictException) {
      code = ErrorCode.CONFLICT;
    } else if (e instanceof InvalidGalleryRequestException) {
      code = ErrorCode.INVALID_REQUEST;
    } else {
      return null;
    }
    return new Answer(code, e.getMessage(), Map.of());
  }

  private static final java.util.concurrent.atomic.AtomicLong OUT_OF_MEMORY =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * The answer to a request that ran the server out of memory: 503 with Retry-After. The first is
   * logged with its stack, later ones are counted (their count in the log now and then), so that a
   * storm of them cannot flood the log.
   */
  static Answer outOfMemory(OutOfMemoryError e) {
    long n = OUT_OF_MEMORY.incrementAndGet();
    if (n == 1) {
      LOG.error("Out of memory while answering a request; refusing it and serving on", e);
    } else if (Long.bitCount(n) == 1) {
      LOG.error("Out of memory again ({} requests so far): {}", n, e.getMessage());
    }
    return RAN_OUT_OF_MEMORY;
  }

  /** What {@link #outOfMemory} answers, without the logging. */
  static final Answer RAN_OUT_OF_MEMORY =
      new Answer(
          ErrorCode.OUT_OF_MEMORY,
          "the server ran out of memory on this request; retry later, or send fewer or smaller"
              + " images",
          Map.of("Retry-After", RETRY_AFTER_SECONDS));

  /** Every protocol's renderer: the fallback's and the prefixes'. */
  List<Renderer> renderers() {
    List<Renderer> all = new ArrayList<>();
    all.add(fallback);
    prefixes.forEach(p -> all.add(p.renderer()));
    return all;
  }

  /**
   * A handler that turns a {@link VirtualMachineError} (out of memory, stack overflow) thrown by
   * {@code handler} into an exception the error handling answers in the JSON shape: Javalin leaves
   * {@code Error}s to the servlet container, which answers an empty text/plain 500. The app wraps
   * every handler in it ({@code RouterConfig.handlerWrapper}).
   */
  public static io.javalin.http.Handler guard(io.javalin.http.Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (VirtualMachineError e) {
        throw new ErrorWrapper(e);
      }
    };
  }

  /**
   * An exception that carries {@code error} through Javalin's exception handling to the answer a
   * thrown one gets (for errors raised off the request's thread, where {@link #guard} does not
   * reach).
   */
  public static RuntimeException carry(VirtualMachineError error) {
    return new ErrorWrapper(error);
  }

  /** Carries an {@code Error} through Javalin's exception handling. */
  private static final class ErrorWrapper extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ErrorWrapper(Error error) {
      super(error.getClass().getSimpleName(), error);
    }
  }

  private static Answer javalin(HttpResponseException e, Context ctx) {
    ErrorCode code =
        switch (e.getStatus()) {
          case 401 -> ErrorCode.UNAUTHORIZED;
          case 404 -> ErrorCode.NOT_FOUND;
          case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
          case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
          case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
          case 503 -> ErrorCode.NOT_READY;
          default -> e.getStatus() >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_REQUEST;
        };
    String message = e.getMessage();
    Map<String, String> headers = Map.of();
    if (code == ErrorCode.NOT_FOUND) {
      message = "no route " + ctx.method() + " " + ctx.path();
    } else if (code == ErrorCode.METHOD_NOT_ALLOWED) {
      message = "method " + ctx.method() + " is not allowed on " + ctx.path();
      String allowed = e.getDetails().get("availableMethods");
      if (allowed != null) {
        headers = Map.of("Allow", allowed.replaceAll("[\\[\\] ]", ""));
      }
    } else if (code == ErrorCode.PAYLOAD_TOO_LARGE) {
      message = "request body is over the size limit";
    }
    return new Answer(code, message, headers);
  }

  /**
   * Writes the answer with its code's status, in the shape of the protocol that owns the path,
   * after reading and dropping what is left of the request body (up to {@link #DRAIN_LIMIT} bytes):
   * answering before the body is read makes the server close the connection, and a client still
   * sending its body then sees a reset instead of the answer (a 401 before the body is looked at, a
   * 413 decided from Content-Length).
   */
  public void answer(Context ctx, Answer answer) {
    discardBody(ctx);
    answer.headers().forEach(ctx::header);
    Renderer renderer = rendererFor(ctx.path());
    ctx.status(renderer.status(answer.code()));
    ctx.json(renderer.body(answer.code(), answer.message()));
  }

  /** The error shape of the protocol that owns {@code path}. */
  public Renderer rendererFor(String path) {
    for (Prefix p : prefixes) {
      if (path.startsWith(p.prefix())) {
        return p.renderer();
      }
    }
    return fallback;
  }

  private static void discardBody(Context ctx) {
    String expect = ctx.header("Expect");
    if (expect != null && expect.equalsIgnoreCase("100-continue")) {
      // The client waits for 100 Continue before sending its body: reading it now would send
      // that 100 and then read up to the body's length. Answer instead, and close.
      ctx.header("Connection", "close");
      return;
    }
    if (ctx.req().getContentLengthLong() > DRAIN_LIMIT) {
      // More than would be read: answer now, and close, rather than wait for bytes to drop.
      ctx.header("Connection", "close");
      return;
    }
    try {
      drain(ctx.req().getInputStream());
    } catch (IOException | RuntimeException e) {
      // the body was read already, or the connection is going away; the error is still the answer
    }
  }

  /**
   * Reads and drops what is left of a body, up to {@link #DRAIN_LIMIT} bytes, so that a client
   * still sending it sees the answer rather than a reset.
   */
  static void drain(InputStream in) {
    try {
      long total = 0;
      int n;
      while (total < DRAIN_LIMIT && (n = in.read(DISCARDED)) > 0) {
        total += n;
      }
    } catch (IOException | RuntimeException e) {
      // the body was read already, or the connection is going away; the error is still the answer
    }
  }
}
