package io.siameseonnx.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives by itself, before or around the app (a malformed URI, a URI or headers
 * too long, a 503 while shutting down), in the same JSON error shape as the app's: Jetty's own are
 * HTML pages. Installed on the server (request-line and header errors, the graceful-shutdown 503)
 * and on the servlet context (errors the servlet container raises).
 */
public final class JettyErrorPages {
  private final ObjectMapper json;
  private final ErrorHandling errors;

  /** Error pages rendered with {@code errors}' shapes and {@code json}. */
  public JettyErrorPages(ObjectMapper json, ErrorHandling errors) {
    this.json = json;
    this.errors = errors;
  }

  /** The code for a status Jetty answers with by itself. */
  static ErrorCode codeFor(int status) {
    return switch (status) {
      case 400 -> ErrorCode.INVALID_HTTP;
      case 404 -> ErrorCode.NOT_FOUND;
      case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
      case 408 -> ErrorCode.REQUEST_TIMEOUT;
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 414 -> ErrorCode.URI_TOO_LONG;
      case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
      case 431 -> ErrorCode.HEADERS_TOO_LARGE;
      case 503 -> ErrorCode.NOT_READY;
      default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_HTTP;
    };
  }

  /** What to say for a status, without Jetty's wording. */
  static String messageFor(int status, String reason) {
    return switch (status) {
      case 414 -> "the request URI is too long";
      case 431 -> "the request headers are too large";
      case 503 -> "the server is shutting down or not ready; retry on another instance";
      case 408 -> "the request was not received in time";
      default -> {
        String why = reason == null || reason.isBlank() ? "" : ": " + reason.strip();
        yield status == 400 ? "malformed HTTP request" + why : "HTTP " + status + why;
      }
    };
  }

  private byte[] body(String path, int status, String reason) {
    ErrorCode code = codeFor(status);
    try {
      return json.writeValueAsBytes(
          errors.rendererFor(path == null ? "" : path).body(code, messageFor(status, reason)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("error body cannot be written", e);
    }
  }

  /** The handler for the server (Jetty core). */
  public ErrorHandler server() {
    return new ErrorHandler() {
      @Override
      protected void generateResponse(
          Request request,
          Response response,
          int code,
          String message,
          Throwable cause,
          Callback callback)
          throws IOException {
        JettyErrorPages.this.write(request, response, code, message, cause, callback);
      }

      @Override
      public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
        return ByteBuffer.wrap(body(null, status, reason));
      }
    };
  }

  /** The handler for the servlet context (Jetty ee10). */
  public org.eclipse.jetty.ee10.servlet.ErrorHandler servletContext() {
    return new org.eclipse.jetty.ee10.servlet.ErrorHandler() {
      @Override
      protected boolean generateAcceptableResponse(
          Request request,
          Response response,
          Callback callback,
          String contentType,
          List<Charset> charsets,
          int code,
          String message,
          Throwable cause)
          throws IOException {
        JettyErrorPages.this.write(request, response, code, message, cause, callback);
        return true;
      }
    };
  }

  private void write(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
    String path = Request.getPathInContext(request);
    OutOfMemoryError oom = outOfMemory(cause);
    if (oom != null) {
      // Out of memory where the app could not answer it (answering it ran out again): the app's
      // answer to that, not a 500.
      ErrorHandling.Answer answer = ErrorHandling.outOfMemory(oom);
      ErrorHandling.Renderer renderer = errors.rendererFor(path == null ? "" : path);
      response.setStatus(renderer.status(answer.code()));
      answer.headers().forEach(response.getHeaders()::put);
      byte[] body;
      try {
        body = json.writeValueAsBytes(renderer.body(answer.code(), answer.message()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("error body cannot be written", e);
      }
      response.write(true, ByteBuffer.wrap(body), callback);
      return;
    }
    if (code == 503) {
      response
          .getHeaders()
          .put(new HttpField(HttpHeader.RETRY_AFTER, ErrorHandling.RETRY_AFTER_SECONDS));
    }
    response.write(true, ByteBuffer.wrap(body(path, code, message)), callback);
  }

  /** The out-of-memory error among {@code cause} and its causes, or null. */
  private static OutOfMemoryError outOfMemory(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError oom) {
        return oom;
      }
    }
    return null;
  }
}
