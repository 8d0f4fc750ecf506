package io.siameseonnx.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.siameseonnx.server.batching.BatcherListener;
import io.siameseonnx.server.models.ReloadListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The server's meters in one Prometheus registry. Names, as scraped:
 *
 * <ul>
 *   <li>{@code http_server_requests_seconds} (histogram; labels {@code method}, {@code route},
 *       {@code status}): every HTTP request
 *   <li>per served model (label {@code model}, the repository folder name):
 *       <ul>
 *         <li>{@code siamese_batch_size} (histogram): items per ONNX Runtime call
 *         <li>{@code siamese_inference_seconds} (histogram; label {@code outcome}): time in ONNX
 *             Runtime per call
 *         <li>{@code siamese_queue_wait_seconds} (histogram): how long a batch's oldest item waited
 *         <li>{@code siamese_queue_depth} and {@code siamese_queue_admitted} (gauges): items
 *             queued, and admitted but not yet batched
 *         <li>{@code siamese_images_total}: items run; {@code siamese_rejected_images_total}: items
 *             refused because the queue was full; {@code siamese_expired_images_total}: queued
 *             items dropped because their request had timed out; {@code
 *             siamese_nonfinite_outputs_total}: items whose output was NaN or infinite
 *         <li>{@code siamese_model_loads_total} (label {@code result}), {@code
 *             siamese_model_version}, {@code siamese_model_reload_failed} (1 while the newest
 *             version failed to load) and {@code siamese_model_ready}
 *       </ul>
 *   <li>{@code grpc_server_requests_seconds} (histogram; labels {@code method}, {@code status}):
 *       every gRPC call, by method ({@code ModelInfer}, ...) and status code ({@code OK}, ...); the
 *       two HTTP protocols are told apart by route ({@code /v1/...}, {@code /v2/...})
 *   <li>{@code siamese_ready}: 1 when the server is ready (its embedding model loaded and warm)
 *   <li>{@code siamese_slow_clients_total} (label {@code phase}, {@code headers} or {@code body}):
 *       connections closed because the client sent its request too slowly
 *   <li>galleries: {@code siamese_gallery_search_seconds} (histogram; label {@code kind}, {@code
 *       identify} or {@code verify}): one query's index search, without embedding it; per gallery
 *       (label {@code gallery}) {@code siamese_gallery_examples}, {@code siamese_gallery_subjects},
 *       {@code siamese_gallery_model_version} and, while one runs, {@code
 *       siamese_gallery_reembedding_progress} (0 to 1)
 * </ul>
 */
public final class ServerMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final Map<String, ModelMeters> models = new ConcurrentHashMap<>();
  private volatile GalleryMeters galleries;

  /** Creates the registry with JVM and process meters. */
  public ServerMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    for (String phase : SLOW_PHASES) {
      slowClients(phase);
    }
  }

  /** The parts of a request a client may send too slowly. */
  private static final List<String> SLOW_PHASES = List.of("headers", "body");

  /**
   * Counts a connection closed because its client sent the request's {@code phase} ({@code headers}
   * or {@code body}) too slowly.
   */
  public void recordSlowClient(String phase) {
    slowClients(SLOW_PHASES.contains(phase) ? phase : "other").increment();
  }

  private Counter slowClients(String phase) {
    return Counter.builder("siamese.slow.clients")
        .description("Connections closed because the client sent its request too slowly")
        .tag("phase", phase)
        .register(registry);
  }

  /** The meters of one served model, created on first use. */
  public ModelMeters forModel(String model) {
    return models.computeIfAbsent(model, ModelMeters::new);
  }

  /** Registers the readiness gauge. */
  public void bindReadiness(Supplier<Boolean> ready) {
    Gauge.builder("siamese.ready", () -> ready.get() ? 1 : 0)
        .description("1 when the server is ready (its embedding model loaded and warm)")
        .register(registry);
  }

  /** Records one HTTP request. */
  public void recordRequest(String method, String route, int status, long nanos) {
    String key = method + ' ' + route + ' ' + status;
    requestTimers
        .computeIfAbsent(
            key,
            k ->
                Timer.builder("http.server.requests")
                    .description("HTTP requests by method, route and status")
                    .tag("method", method)
                    .tag("route", route)
                    .tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Records one gRPC call. */
  public void recordGrpcCall(String method, String status, long nanos) {
    String key = "grpc " + method + ' ' + status;
    requestTimers
        .computeIfAbsent(
            key,
            k ->
                Timer.builder("grpc.server.requests")
                    .description("gRPC calls by method and status")
                    .tag("method", method)
                    .tag("status", status)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The galleries' meters, created on first use. */
  public synchronized GalleryMeters galleries() {
    if (galleries == null) {
      galleries = new GalleryMeters(registry);
    }
    return galleries;
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    GalleryMeters g = galleries;
    if (g != null) {
      g.refresh();
    }
    return registry.scrape();
  }

  /** The registry, for tests and extra meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The meters of one model, labelled with its name; it listens to its batcher and loader. */
  public final class ModelMeters implements BatcherListener, ReloadListener {
    private final String model;
    private final DistributionSummary batchSize;
    private final Timer inferenceOk;
    private final Timer inferenceFailed;
    private final Timer queueWait;
    private final Counter images;
    private final Counter rejected;
    private final Counter expired;
    private final Counter nonFinite;
    private final Counter loadsOk;
    private final Counter loadsFailed;
    private final AtomicLong version = new AtomicLong();
    private final AtomicInteger reloadFailed = new AtomicInteger();

    private ModelMeters(String model) {
      this.model = model;
      batchSize =
          DistributionSummary.builder("siamese.batch.size")
              .description("Items per ONNX Runtime call")
              .tag("model", model)
              .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
              .register(registry);
      inferenceOk = inferenceTimer("ok");
      inferenceFailed = inferenceTimer("error");
      queueWait =
          Timer.builder("siamese.queue.wait")
              .description("How long a batch's oldest item waited in the queue")
              .tag("model", model)
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofNanos(10_000))
              .maximumExpectedValue(Duration.ofSeconds(10))
              .register(registry);
      images = counter("siamese.images", "Items run through the model");
      rejected =
          counter(
              "siamese.rejected.images",
              "Items refused because the queue was full or the server was stopping");
      expired =
          counter(
              "siamese.expired.images",
              "Queued items dropped without inference: their request had timed out");
      nonFinite =
          counter(
              "siamese.nonfinite.outputs",
              "Items whose model output was NaN or infinite (their requests failed with 500)");
      loadsOk = loads("success");
      loadsFailed = loads("failure");
      Gauge.builder("siamese.model.version", version, AtomicLong::get)
          .description("The model version being served")
          .tag("model", model)
          .register(registry);
      Gauge.builder("siamese.model.reload.failed", reloadFailed, AtomicInteger::get)
          .description("1 while the newest version in the repository failed to load")
          .tag("model", model)
          .register(registry);
    }

    /** Registers the queue gauges (items queued, and admitted but not batched yet). */
    public void bindQueue(Supplier<Number> queued, Supplier<Number> admitted) {
      Gauge.builder("siamese.queue.depth", queued)
          .description("Items waiting in the batch queue")
          .tag("model", model)
          .register(registry);
      Gauge.builder("siamese.queue.admitted", admitted)
          .description("Items admitted and not yet batched (queued or being prepared)")
          .tag("model", model)
          .register(registry);
    }

    /** Registers the model's readiness gauge. */
    public void bindReadiness(Supplier<Boolean> ready) {
      Gauge.builder("siamese.model.ready", () -> ready.get() ? 1 : 0)
          .description("1 when the model is loaded and warm")
          .tag("model", model)
          .register(registry);
    }

    @Override
    public void onBatch(int size, long queueWaitNanos, long inferenceNanos, boolean failed) {
      batchSize.record(size);
      (failed ? inferenceFailed : inferenceOk).record(inferenceNanos, TimeUnit.NANOSECONDS);
      queueWait.record(queueWaitNanos, TimeUnit.NANOSECONDS);
      if (!failed) {
        images.increment(size);
      }
    }

    @Override
    public void onRejected(int count) {
      rejected.increment(count);
    }

    @Override
    public void onExpired(int count) {
      expired.increment(count);
    }

    @Override
    public void onNonFinite(int count) {
      nonFinite.increment(count);
    }

    @Override
    public void onLoad(long loaded, boolean success) {
      if (success) {
        loadsOk.increment();
        version.set(loaded);
        reloadFailed.set(0);
      } else {
        loadsFailed.increment();
        reloadFailed.set(1);
      }
    }

    private Counter counter(String name, String description) {
      return Counter.builder(name).description(description).tag("model", model).register(registry);
    }

    private Timer inferenceTimer(String outcome) {
      return Timer.builder("siamese.inference")
          .description("Time in ONNX Runtime per batch")
          .tag("model", model)
          .tag("outcome", outcome)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofNanos(50_000))
          .maximumExpectedValue(Duration.ofSeconds(10))
          .register(registry);
    }

    private Counter loads(String result) {
      return Counter.builder("siamese.model.loads")
          .description("Model version loads by result")
          .tag("model", model)
          .tag("result", result)
          .register(registry);
    }
  }
}
