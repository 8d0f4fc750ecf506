package io.siameseonnx.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.siameseonnx.server.errors.InferenceException;
import io.siameseonnx.server.errors.NotReadyException;
import io.siameseonnx.server.errors.OverloadedException;
import io.siameseonnx.server.http.v1.ErrorBody;
import io.siameseonnx.shared.image.InvalidImageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every exception to the one error shape, in one place. Bad input is never a 500 and no
 * response carries a stack trace: unexpected exceptions are logged and answered with a generic
 * message.
 */
public final class ErrorHandling {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

  /** Seconds a client is asked to wait after a 429 or 503. */
  public static final String RETRY_AFTER_SECONDS = "1";

  private ErrorHandling() {}

  /** Registers the exception handlers. */
  public static void register(RoutesConfig routes) {
    routes.exception(
        ApiException.class, (e, ctx) -> write(ctx, e.code(), e.getMessage(), e.headers()));
    routes.exception(
        InvalidImageException.class,
        (e, ctx) -> write(ctx, ErrorCode.INVALID_IMAGE, e.getMessage(), Map.of()));
    routes.exception(
        OverloadedException.class,
        (e, ctx) ->
            write(
                ctx,
                e.shuttingDown() ? ErrorCode.NOT_READY : ErrorCode.OVERLOADED,
                e.getMessage(),
                Map.of("Retry-After", RETRY_AFTER_SECONDS)));
    routes.exception(
        NotReadyException.class,
        (e, ctx) ->
            write(
                ctx,
                ErrorCode.NOT_READY,
                e.getMessage(),
                Map.of("Retry-After", RETRY_AFTER_SECONDS)));
    routes.exception(
        InferenceException.class,
        (e, ctx) ->
            // Already logged with its stack trace by the batcher.
            write(
                ctx, ErrorCode.INFERENCE_FAILED, "inference failed; see the server log", Map.of()));
    routes.exception(HttpResponseException.class, ErrorHandling::javalinException);
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
          write(ctx, ErrorCode.INTERNAL_ERROR, "internal error; see the server log", Map.of());
        });
  }

  private static void javalinException(HttpResponseException e, Context ctx) {
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
    if (code == ErrorCode.NOT_FOUND) {
      message = "no route " + ctx.method() + " " + ctx.path();
    } else if (code == ErrorCode.METHOD_NOT_ALLOWED) {
      message = "method " + ctx.method() + " is not allowed on " + ctx.path();
      String allowed = e.getDetails().get("availableMethods");
      if (allowed != null) {
        ctx.header("Allow", allowed.replaceAll("[\\[\\] ]", ""));
      }
    } else if (code == ErrorCode.PAYLOAD_TOO_LARGE) {
      message = "request body is over the size limit";
    }
    write(ctx, code, message, Map.of());
  }

  /** The most bytes of an unread request body that are read and dropped before an error. */
  private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

  /**
   * Writes the error body with the code's status, after reading and dropping what is left of the
   * request body (up to {@link #DRAIN_LIMIT} bytes): answering before the body is read makes the
   * server close the connection, and a client still sending its body then sees a reset instead of
   * the answer (a 401 before the body is looked at, a 413 decided from Content-Length).
   */
  public static void write(
      Context ctx, ErrorCode code, String message, Map<String, String> headers) {
    discardBody(ctx);
    headers.forEach(ctx::header);
    ctx.status(code.status()).json(ErrorBody.of(code, message));
  }

  private static void discardBody(Context ctx) {
    try {
      InputStream in = ctx.req().getInputStream();
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      int n;
      while (total < DRAIN_LIMIT && (n = in.read(buffer)) > 0) {
        total += n;
      }
    } catch (IOException | RuntimeException e) {
      // the body was read already, or the connection is going away; the error is still the answer
    }
  }
}
