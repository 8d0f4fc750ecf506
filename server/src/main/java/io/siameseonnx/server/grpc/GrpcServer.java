package io.siameseonnx.server.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.siameseonnx.server.http.ApiKeyAuth;
import io.siameseonnx.server.metrics.ServerMetrics;
import io.siameseonnx.server.oip.InferenceModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC endpoint: {@code inference.GRPCInferenceService} on its own port, over the same models,
 * services, batchers and limits as HTTP. Messages are limited to the HTTP body limit, compressed
 * ones by their inflated size ({@link OversizedMessages}). Stopping refuses new calls and lets
 * those in flight finish, up to a timeout.
 */
public final class GrpcServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcServer.class);

  private final Server server;

  private GrpcServer(Server server) {
    this.server = server;
  }

  /**
   * Starts serving.
   *
   * @param host the interface to listen on
   * @param port the port (0: any free port)
   * @param models the served models
   * @param auth the API keys (the HTTP API's)
   * @param metrics where calls are counted
   * @param maxMessageBytes the largest request message accepted
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static GrpcServer start(
      String host,
      int port,
      InferenceModels models,
      ApiKeyAuth auth,
      ServerMetrics metrics,
      long maxMessageBytes) {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            // Handlers run on the transport's event loop: they only parse, check and queue, and
            // inference answers from the batcher's thread (ModelInfer is asynchronous), which
            // spares two thread hand-offs a call.
            .directExecutor()
            .maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, maxMessageBytes))
            .addService(
                ServerInterceptors.intercept(
                    OversizedMessages.marking(
                        new InferenceGrpcService(models, maxMessageBytes).bindService()),
                    new ApiKeyInterceptor(auth),
                    // Added last, so it runs first and also counts the calls auth refuses.
                    new MetricsInterceptor(metrics)))
            .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve gRPC on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    LOG.info("gRPC (Open Inference Protocol) listening on {}:{}", host, server.getPort());
    return new GrpcServer(server);
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  /** Refuses new calls, waits up to {@code timeout} for those in flight, then cancels the rest. */
  public void close(Duration timeout) {
    server.shutdown();
    try {
      if (!server.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
        LOG.warn("gRPC calls still running after {}; cancelling them", timeout);
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Closes with a 30 s limit. */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
