package io.siameseonnx.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the inference routes' plain requests on Jetty's core API, in front of Javalin, and hands
 * every other request on to it. Javalin's servlet layer costs about as much CPU per request as
 * Jetty itself (the bench's two floors differ by 10-15 us a request), and at one image a request
 * that is a tenth of a request's cost.
 *
 * <p>A request is served here only when nothing about it needs Javalin: a {@code POST} to a route's
 * exact path (nothing to decode), a body of known length within the limit, no {@code Expect}, no
 * {@code Content-Encoding}, an accepted API key (Javalin answers a refusal), and a body the route
 * reads here (v1: JSON, not a form). The route's own work is shared with its Javalin handler
 * ({@link Route#start}), errors go through {@link ErrorHandling#translate} and the protocol's
 * renderer, answers are compressed by the same rule ({@link Compression}), and metrics are recorded
 * under the same route labels, so the two ways give the same answers.
 */
public final class DirectRoutes extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(DirectRoutes.class);

  /** A request as a route reads it. */
  public static final class Request {
    private final String path;
    private final long length;
    private final InputStream body;
    private final HttpFields headers;

    Request(String path, long length, InputStream body, HttpFields headers) {
      this.path = path;
      this.length = length;
      this.body = body;
      this.headers = headers;
    }

    /** The path, undecoded (a route takes only paths with nothing to decode). */
    public String path() {
      return path;
    }

    /** The body's length from Content-Length. */
    public long length() {
      return length;
    }

    /** The body, blocking until its bytes arrive. */
    public InputStream body() {
      return body;
    }

    /** A header's value, or null. */
    public String header(String name) {
      return headers.get(name);
    }
  }

  /** One route served here. */
  public interface Route {
    /**
     * The route's label in metrics (its Javalin path) when {@code path} is this route's; else null.
     */
    String label(String path);

    /** Whether the route reads this request here; when not, Javalin serves it. */
    boolean takes(Request request);

    /** Reads the request and starts its work, as the route's Javalin handler does. */
    Pending<?> start(Request request);
  }

  /**
   * A route at exactly {@code path} that reads JSON bodies here ({@code start}) and leaves any
   * other body (a form) to Javalin.
   */
  public static Route json(String path, Function<Request, Pending<?>> start) {
    return new Route() {
      @Override
      public String label(String requestPath) {
        return requestPath.equals(path) ? path : null;
      }

      @Override
      public boolean takes(Request request) {
        return RequestReader.isJson(request.header("Content-Type"));
      }

      @Override
      public Pending<?> start(Request request) {
        return start.apply(request);
      }
    };
  }

  /** Records a served request, as Javalin's request logger does for the others. */
  @FunctionalInterface
  public interface Recorder {
    /** A request to {@code route} (its label) answered with {@code status} after {@code nanos}. */
    void record(String method, String route, String path, int status, long nanos);
  }

  /**
   * Answers to requests with bodies at least this long are written on the thread that completed
   * their result (a batcher thread), the others on Jetty's ({@link Answers#writers}). Writing here
   * never blocks (Jetty's core API writes what the socket takes and finishes when it can), so a
   * client that does not read holds up nobody. For a large request, the write costs that thread
   * less than waking another one costs the process, and the request's batch work dwarfs it: 32
   * binary images a request at concurrency 8 took 1,213 us of CPU a request against 1,362 (the
   * medians of five alternating runs each, the README's fourteenth round). For small ones it does
   * not pay: a batch of 64 one-image requests would hold its batcher thread for 64 writes (tensor
   * JSON at concurrency 64: 127 against 123 us a request, the means of four runs).
   */
  static final long INLINE_ANSWER_BYTES = 64 * 1024;

  private final List<Route> routes;
  private final ApiKeyAuth auth;
  private final ErrorHandling errors;
  private final Answers answers;
  private final long maxBodyBytes;
  private final Recorder recorder;

  /**
   * Each protocol's answer to a request that ran the server out of memory, rendered ahead: building
   * it then could run out again, and what escapes to Jetty is answered with a bare 500.
   */
  private final Map<ErrorHandling.Renderer, Failure> outOfMemory = new IdentityHashMap<>();

  /** A failure's status and answer. */
  private record Failure(int status, Reply reply) {}

  /**
   * Serves {@code routes} in front of the handler this wraps.
   *
   * @param routes the routes served here
   * @param auth the API keys (a request without an accepted one goes to Javalin, which refuses it)
   * @param errors the protocols' error shapes
   * @param answers the JSON writer and the threads that write answers completed elsewhere
   * @param maxBodyBytes the largest body (a larger one goes to Javalin, which refuses it)
   * @param recorder where served requests are counted
   */
  public DirectRoutes(
      List<Route> routes,
      ApiKeyAuth auth,
      ErrorHandling errors,
      Answers answers,
      long maxBodyBytes,
      Recorder recorder) {
    this.routes = List.copyOf(routes);
    this.auth = auth;
    this.errors = errors;
    this.answers = answers;
    this.maxBodyBytes = maxBodyBytes;
    this.recorder = recorder;
    ErrorHandling.Answer oom = ErrorHandling.RAN_OUT_OF_MEMORY;
    for (ErrorHandling.Renderer renderer : errors.renderers()) {
      outOfMemory.put(
          renderer,
          new Failure(
              renderer.status(oom.code()),
              new Reply(
                  "application/json",
                  answers.jsonBytes(renderer.body(oom.code(), oom.message())),
                  oom.headers())));
    }
  }

  @Override
  public boolean handle(
      org.eclipse.jetty.server.Request request, Response response, Callback callback)
      throws Exception {
    if (!HttpMethod.POST.is(request.getMethod())) {
      return super.handle(request, response, callback);
    }
    String path = request.getHttpURI().getPath();
    Route route = null;
    String label = null;
    for (Route r : routes) {
      label = r.label(path);
      if (label != null) {
        route = r;
        break;
      }
    }
    HttpFields headers = request.getHeaders();
    long length = request.getLength();
    if (route == null
        || length < 0
        || length > maxBodyBytes
        || headers.contains(HttpHeader.EXPECT)
        || headers.contains(HttpHeader.CONTENT_ENCODING)
        || auth.refusal(headers.get(HttpHeader.AUTHORIZATION)).isPresent()) {
      return super.handle(request, response, callback);
    }
    Request direct;
    try {
      direct = new Request(path, length, new Unclosable(request), headers);
      if (!route.takes(direct)) {
        direct = null;
      }
    } catch (OutOfMemoryError e) {
      answerOutOfMemory(path, response, callback);
      return true;
    }
    if (direct == null) {
      return super.handle(request, response, callback);
    }
    LOG.trace("POST {}: served directly", path);
    try {
      new Exchange(direct, label, response, callback).run(route);
    } catch (OutOfMemoryError e) {
      // Before the exchange could answer (it answers its own failures).
      answerOutOfMemory(path, response, callback);
    }
    return true;
  }

  /** Answers with the answer rendered ahead for running out of memory (nothing to allocate). */
  private void answerOutOfMemory(String path, Response response, Callback callback) {
    Failure failure = outOfMemory.get(errors.rendererFor(path));
    response.setStatus(failure.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, failure.reply().contentType());
    failure.reply().headers().forEach(response.getHeaders()::put);
    response.write(true, ByteBuffer.wrap(failure.reply().body()), callback);
  }

  /**
   * The request's body as a stream that a reader cannot close. Jackson closes its source when it
   * stops at an error, and closing Jetty's stream fails the body: what is left is then not read and
   * dropped before the answer, and a client still sending it is reset instead of answered.
   */
  private static final class Unclosable extends FilterInputStream {
    Unclosable(org.eclipse.jetty.server.Request request) {
      super(Content.Source.asInputStream(request));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }

    @Override
    public void close() {
      // the body is drained or consumed by Jetty, never failed
    }
  }

  /** One request served here, from its read to its answer's last byte. */
  private final class Exchange implements Callback {
    private final Request request;
    private final String label;
    private final Response response;
    private final Callback callback;
    private final long started = System.nanoTime();
    private int status = 200;

    Exchange(Request request, String label, Response response, Callback callback) {
      this.request = request;
      this.label = label;
      this.response = response;
      this.callback = callback;
    }

    void run(Route route) {
      Pending<?> pending;
      try {
        pending = route.start(request);
      } catch (Throwable t) {
        Reply answer = failure(t);
        ErrorHandling.drain(request.body());
        write(answer);
        return;
      }
      answerWhenDone(pending);
    }

    /**
     * Answers once the result completes: at once when it is done already; on the thread that
     * completes it when the request is large ({@link #INLINE_ANSWER_BYTES}); else on one of the
     * writers.
     */
    private <T> void answerWhenDone(Pending<T> pending) {
      CompletableFuture<T> result = pending.result();
      if (result.isDone()) {
        answer(result, pending.reply());
      } else if (request.length() >= INLINE_ANSWER_BYTES) {
        result.whenComplete((v, e) -> answer(result, pending.reply()));
      } else {
        result.whenCompleteAsync((v, e) -> answer(result, pending.reply()), answers.writers());
      }
    }

    private <T> void answer(CompletableFuture<T> result, Function<? super T, Reply> reply) {
      Reply answer;
      try {
        answer = reply.apply(result.join());
      } catch (Throwable t) {
        answer =
            failure(t instanceof CompletionException c && c.getCause() != null ? c.getCause() : t);
      }
      write(answer);
    }

    /**
     * The failure as an answer in the error shape of the route's protocol; sets the status. Never
     * throws: running out of memory on the way gives the answer rendered ahead for that.
     */
    private Reply failure(Throwable t) {
      try {
        return rendered(t);
      } catch (OutOfMemoryError again) {
        Failure failure = outOfMemory.get(errors.rendererFor(request.path()));
        status = failure.status();
        return failure.reply();
      }
    }

    private Reply rendered(Throwable t) {
      Exception e;
      if (t instanceof Exception exception) {
        e = exception;
      } else if (t instanceof VirtualMachineError error) {
        e = ErrorHandling.carry(error);
      } else {
        e = new IllegalStateException(t);
      }
      ErrorHandling.Answer answer = ErrorHandling.translate(e, "POST", request.path());
      ErrorHandling.Renderer renderer = errors.rendererFor(request.path());
      status = renderer.status(answer.code());
      return new Reply(
          "application/json",
          answers.jsonBytes(renderer.body(answer.code(), answer.message())),
          answer.headers());
    }

    /**
     * Writes {@code reply}; a failure to (out of memory) fails the request rather than leave it.
     */
    private void write(Reply reply) {
      try {
        send(reply);
      } catch (Throwable t) {
        failed(t);
      }
    }

    private void send(Reply reply) {
      response.setStatus(status);
      HttpFields.Mutable headers = response.getHeaders();
      headers.put(HttpHeader.CONTENT_TYPE, reply.contentType());
      byte[] body = reply.body();
      if (Compression.applies(
          request.header(HttpHeader.ACCEPT_ENCODING.asString()),
          reply.contentType(),
          body.length)) {
        body = Compression.gzip(body);
        headers.put(HttpHeader.CONTENT_ENCODING, Compression.GZIP);
      }
      headers.put(HttpHeader.CONTENT_LENGTH, body.length);
      reply.headers().forEach(headers::put);
      response.write(true, ByteBuffer.wrap(body), this);
    }

    @Override
    public void succeeded() {
      recorder.record("POST", label, request.path(), status, System.nanoTime() - started);
      callback.succeeded();
    }

    @Override
    public void failed(Throwable x) {
      LOG.debug(
          "POST {}: {}",
          request.path(),
          new ClientGoneException(x instanceof IOException io ? io : new IOException(x))
              .getMessage());
      recorder.record("POST", label, request.path(), status, System.nanoTime() - started);
      callback.failed(x);
    }

    @Override
    public InvocationType getInvocationType() {
      return InvocationType.NON_BLOCKING;
    }
  }
}
