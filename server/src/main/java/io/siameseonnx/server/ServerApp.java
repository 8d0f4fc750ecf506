package io.siameseonnx.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.siameseonnx.server.http.Answers;
import io.siameseonnx.server.http.ApiKeyAuth;
import io.siameseonnx.server.http.Compression;
import io.siameseonnx.server.http.DemoHandler;
import io.siameseonnx.server.http.DirectRoutes;
import io.siameseonnx.server.http.ErrorHandling;
import io.siameseonnx.server.http.HealthHandler;
import io.siameseonnx.server.http.JettyErrorPages;
import io.siameseonnx.server.http.OpenApiHandler;
import io.siameseonnx.server.http.RequestReader;
import io.siameseonnx.server.http.SlowClients;
import io.siameseonnx.server.http.v1.ApiJson;
import io.siameseonnx.server.http.v1.DistanceHandler;
import io.siameseonnx.server.http.v1.DistancesHandler;
import io.siameseonnx.server.http.v1.EmbeddingsHandler;
import io.siameseonnx.server.http.v1.GalleriesHandler;
import io.siameseonnx.server.http.v1.GallerySearchHandler;
import io.siameseonnx.server.http.v1.ImageInputDeserializer;
import io.siameseonnx.server.http.v1.ImageListDeserializer;
import io.siameseonnx.server.http.v1.ModelsHandler;
import io.siameseonnx.server.http.v1.SubjectsHandler;
import io.siameseonnx.server.http.v1.V1Errors;
import io.siameseonnx.server.http.v2.V2Api;
import io.siameseonnx.server.http.v2.V2Errors;
import io.siameseonnx.server.metrics.ServerMetrics;
import io.siameseonnx.server.models.ModelHosts;
import io.siameseonnx.server.oip.InferenceModels;
import io.siameseonnx.server.service.GalleryService;
import io.siameseonnx.server.service.Services;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Javalin app: routes, auth, error mapping and request metrics. It does not start it:
 * {@link SiameseServer} does, and tests hand it to {@code JavalinTest}.
 */
public final class ServerApp {
  private static final Logger ACCESS = LoggerFactory.getLogger("io.siameseonnx.server.access");

  /**
   * Jetty's read buffer a connection: 64 KiB rather than its 8 KiB, so that a request of 32
   * binary-tensor images (128 KiB) is read in a few socket reads instead of sixteen, each with its
   * own pass through Jetty's read state machine (a 32-image request's request-thread CPU fell from
   * about 320 to 260 us). Jetty pools these buffers and holds one only while a request is read.
   */
  static final int INPUT_BUFFER_BYTES = 64 * 1024;

  /** {@code GET}: the demo page (open without an API key; the calls it makes are not). */
  public static final String DEMO = "/";

  /** {@code POST}: embeddings. */
  public static final String EMBEDDINGS = "/v1/embeddings";

  /** {@code POST}: one pair's distance. */
  public static final String DISTANCE = "/v1/distance";

  /** {@code POST}: many pairs, or 1:N. */
  public static final String DISTANCES = "/v1/distances";

  /** {@code GET}: the served model. */
  public static final String MODELS = "/v1/models";

  /** {@code GET}: the galleries. */
  public static final String GALLERIES = "/v1/galleries";

  /** {@code PUT} (create), {@code GET}, {@code DELETE}: one gallery. */
  public static final String GALLERY = GALLERIES + "/{" + GalleriesHandler.GALLERY + "}";

  /** {@code GET}: a page of a gallery's subjects. */
  public static final String SUBJECTS = GALLERY + "/subjects";

  /** {@code GET}, {@code DELETE}: one subject. */
  public static final String SUBJECT = SUBJECTS + "/{" + SubjectsHandler.SUBJECT + "}";

  /** {@code POST}: enrol examples of a subject. */
  public static final String SUBJECT_EXAMPLES = SUBJECT + "/examples";

  /** {@code DELETE}: one example. */
  public static final String EXAMPLE = GALLERY + "/examples/{" + SubjectsHandler.EXAMPLE + "}";

  /** {@code POST}: who is this? */
  public static final String IDENTIFY = GALLERY + "/identify";

  /** {@code POST}: is this that subject? */
  public static final String VERIFY = GALLERY + "/verify";

  /** {@code GET}: liveness. */
  public static final String LIVE = "/health/live";

  /** {@code GET}: readiness. */
  public static final String READY = "/health/ready";

  /** {@code GET}: Prometheus metrics. */
  public static final String METRICS = "/metrics";

  /** {@code GET}: no icon (204), so that browsers stop asking. */
  public static final String FAVICON = "/favicon.ico";

  /** {@code GET}: the OpenAPI document. */
  public static final String OPENAPI = "/openapi.json";

  private ServerApp() {}

  /** Builds the app over the given services and models. */
  public static Javalin create(
      ServerConfig config, Services services, ModelHosts models, ServerMetrics metrics) {
    ObjectMapper mapper = ApiJson.mapper();
    RequestReader reader =
        new RequestReader(
            mapper,
            config.maxBodyBytes(),
            () ->
                Map.of(
                    ImageListDeserializer.MAX_IMAGES,
                    config.maxImagesPerRequest(),
                    ImageInputDeserializer.MAX_TENSOR_VALUES,
                    models
                        .embedding()
                        .slot()
                        .peek()
                        .map(m -> m.card().preprocessing().tensorSize())
                        .orElse(ImageInputDeserializer.DEFAULT_MAX_TENSOR_VALUES)));
    int maxImages = config.maxImagesPerRequest();
    HealthHandler health = new HealthHandler(models.embedding().slot());
    ApiKeyAuth auth = new ApiKeyAuth(config.apiKeys());
    AtomicReference<Server> jetty = new AtomicReference<>();
    Answers answers = new Answers(mapper, task -> onRequestThreads(jetty.get(), task));
    EmbeddingsHandler embed =
        new EmbeddingsHandler(reader, services.embeddings(), maxImages, answers);
    DistanceHandler distance = new DistanceHandler(reader, services.matching(), answers);
    DistancesHandler distances =
        new DistancesHandler(reader, services.matching(), maxImages, answers);
    ModelsHandler modelsHandler = new ModelsHandler(models);
    OpenApiHandler openApi = new OpenApiHandler();
    DemoHandler demo = new DemoHandler();
    V2Api v2 =
        new V2Api(
            new InferenceModels(models, services, maxImages),
            mapper.getFactory(),
            config.maxBodyBytes(),
            answers);
    ErrorHandling errors =
        new ErrorHandling(new V1Errors()).withPrefix(V2Api.PREFIX, new V2Errors());
    JettyErrorPages errorPages = new JettyErrorPages(mapper, errors);
    DirectRoutes direct =
        new DirectRoutes(
            List.of(
                embed.route().direct(EMBEDDINGS),
                distance.route().direct(DISTANCE),
                distances.route().direct(DISTANCES),
                v2.directInfer()),
            auth,
            errors,
            answers,
            config.maxBodyBytes(),
            (method, route, path, status, nanos) ->
                record(metrics, method, route, path, status, nanos));
    SlowClients slowClients =
        new SlowClients(config.headerTimeout(), config.minBodyRate(), metrics::recordSlowClient);
    return Javalin.create(
        c -> {
          c.startup.showJavalinBanner = false;
          c.startup.showOldJavalinVersionWarning = false;
          c.startup.startupWatcherEnabled = false;
          c.jsonMapper(new JavalinJackson(mapper, false));
          c.http.maxRequestSize = config.maxBodyBytes();
          c.http.compressionStrategy = Compression.javalinStrategy();
          c.http.prefer405over404 = true;
          c.jetty.host = config.host();
          c.jetty.port = config.port();
          c.jetty.modifyServer(
              server -> {
                jetty.set(server);
                // Jetty's own answers (bad URI, 414, 431, the shutdown 503) in the JSON shape.
                server.setErrorHandler(errorPages.server());
                // In front of Javalin, behind the graceful stop (inserted next, so outside it).
                server.insertHandler(direct);
                if (!config.shutdownTimeout().isZero()) {
                  // Graceful stop: refuse new connections, let in-flight requests finish.
                  server.setStopTimeout(config.shutdownTimeout().toMillis());
                  server.insertHandler(new GracefulHandler());
                }
                // Bounds the connections (and the read buffers they hold) in total: more wait in
                // the listen backlog, and while at the limit idle ones go after a header timeout.
                NetworkConnectionLimit limit =
                    new NetworkConnectionLimit(config.maxConnections(), server);
                limit.setEndPointIdleTimeout(config.headerTimeout().toMillis());
                server.addBean(limit);
                if (server.getThreadPool() instanceof QueuedThreadPool threads) {
                  // After the server's (which it hands to its beans): a stop then waits at most a
                  // quarter of a second for request threads still busy past the graceful wait
                  // (decoding an image ignores interrupts), instead of the whole timeout again.
                  threads.setStopTimeout(250);
                }
              });
          c.jetty.modifyServletContextHandler(h -> h.setErrorHandler(errorPages.servletContext()));
          c.events.serverStarting(
              () -> {
                for (Connector connector : jetty.get().getConnectors()) {
                  connector.addBean(slowClients);
                  HttpConnectionFactory http =
                      connector.getConnectionFactory(HttpConnectionFactory.class);
                  if (http != null) {
                    http.setInputBufferSize(INPUT_BUFFER_BYTES);
                  }
                }
              });
          c.events.serverStopped(slowClients::close);
          c.requestLogger.http((ctx, millis) -> record(metrics, ctx, millis));
          // Every handler, ours and the v2 adapter's: a VirtualMachineError (running out of memory
          // on a request) reaches the exception handlers, and so the protocol's error shape,
          // instead of Javalin's bare 500.
          c.router.handlerWrapper(endpoint -> ErrorHandling.guard(endpoint.handler));
          // The demo page is static and public; the API calls it makes carry the key.
          c.routes.beforeMatched(
              ctx -> {
                if (!ctx.path().equals(DEMO) && !ctx.path().equals(FAVICON)) {
                  auth.handle(ctx);
                }
              });
          c.routes.get(DEMO, demo);
          c.routes.get(FAVICON, ctx -> ctx.status(204));
          c.routes.post(EMBEDDINGS, embed.route());
          c.routes.post(DISTANCE, distance.route());
          c.routes.post(DISTANCES, distances.route());
          c.routes.get(MODELS, modelsHandler);
          c.routes.get(LIVE, health::live);
          c.routes.get(READY, health::ready);
          c.routes.get(
              METRICS,
              ctx ->
                  ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                      .result(metrics.scrape()));
          c.routes.get(OPENAPI, openApi);
          services.galleries().ifPresent(g -> galleryRoutes(c.routes, reader, g, maxImages));
          v2.register(c.routes);
          errors.register(c.routes);
        });
  }

  private static void galleryRoutes(
      RoutesConfig routes, RequestReader reader, GalleryService service, int maxImages) {
    GalleriesHandler galleries = new GalleriesHandler(reader, service);
    SubjectsHandler subjects = new SubjectsHandler(reader, service, maxImages);
    GallerySearchHandler search = new GallerySearchHandler(reader, service, maxImages);
    routes.get(GALLERIES, galleries::list);
    routes.put(GALLERY, galleries::put);
    routes.get(GALLERY, galleries::get);
    routes.delete(GALLERY, galleries::delete);
    routes.get(SUBJECTS, subjects::list);
    routes.get(SUBJECT, subjects::get);
    routes.delete(SUBJECT, subjects::delete);
    routes.post(SUBJECT_EXAMPLES, subjects::enrol);
    routes.delete(EXAMPLE, subjects::deleteExample);
    routes.post(IDENTIFY, search::identify);
    routes.post(VERIFY, search::verify);
  }

  /**
   * Runs {@code task} on one of Jetty's request threads, or on this thread when the pool refuses it
   * (the server is stopping).
   */
  private static void onRequestThreads(Server server, Runnable task) {
    try {
      server.getThreadPool().execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  /** Methods that label request metrics as themselves; any other is {@code other}. */
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT");

  /**
   * Records a request's metrics with labels from closed sets only (a known method or {@code other};
   * the matched route or {@code unmatched}), so that no request can add a series.
   */
  private static void record(ServerMetrics metrics, Context ctx, Float millis) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    record(
        metrics,
        ctx.method().name(),
        endpoint == null ? "unmatched" : endpoint.path,
        ctx.path(),
        ctx.statusCode(),
        (long) (millis * 1_000_000L));
  }

  private static void record(
      ServerMetrics metrics, String method, String route, String path, int status, long nanos) {
    metrics.recordRequest(METHODS.contains(method) ? method : "other", route, status, nanos);
    if (ACCESS.isDebugEnabled()) {
      ACCESS.debug("{} {} {} {} ms", method, path, status, nanos / 1e6);
    }
  }
}
