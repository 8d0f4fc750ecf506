package io.siameseonnx.server.support;

import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.testing.TestModels;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.ServerConfig;
import io.siameseonnx.server.SiameseServer;
import io.siameseonnx.server.batching.BatcherOptions;
import io.siameseonnx.server.runtime.Device;
import io.siameseonnx.server.runtime.OptimizationLevel;
import io.siameseonnx.server.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.time.Duration;

/** Server configurations for tests: CPU, one ONNX Runtime thread, loopback, no polling. */
public final class TestServers {
  private TestServers() {}

  /** One intra-op thread, CPU, all optimisations. */
  public static RuntimeOptions cpu() {
    return new RuntimeOptions(Device.CPU, 0, 1, 1, OptimizationLevel.ALL, false);
  }

  /**
   * A small test config: batch 8, 1 ms delay, queue 64, 32 images a request, 1 MB bodies, no
   * graceful-stop wait (Jetty's graceful stop costs about a second per app), no gRPC port of its
   * own (the gRPC tests start one on a free port over the server's services).
   */
  public static ServerConfig config(Path repo) {
    return ServerConfig.defaults(repo)
        .withAddress("127.0.0.1", 0)
        .withGrpcPort(ServerConfig.GRPC_OFF)
        .withRuntime(cpu())
        .withBatching(new BatcherOptions(8, Duration.ofMillis(1), 64), 32)
        .withMaxBodyBytes(1024 * 1024)
        .withReloadInterval(Duration.ZERO)
        .withTuning(2, Duration.ZERO, 1);
  }

  /**
   * A server (not started) over a model written to {@code repo} that passes the load-time checks
   * but fails in ONNX Runtime on batches of more than one image; its warm-up sends no batch larger
   * than one, so it becomes ready.
   */
  public static SiameseServer failingAboveBatchOne(Path repo) throws Exception {
    ModelCard card = TestModels.card(TestModels.linearTower(8));
    new TestRepository(repo).write(1, TestModels.failingAboveBatchOne(card), card);
    SiameseServer server = SiameseServer.create(config(repo).withTuning(1, Duration.ZERO, 0));
    server.loadModel();
    server.warmUp();
    return server;
  }

  /** The tower of {@link #pair}'s models: a linear 8-d embedding of 32x32 images. */
  public static final io.siameseonnx.model.spec.TowerSpec PAIR_TOWER = TestModels.linearTower(8);

  /**
   * A server (not started, loaded and warm) over both models of a repository written to {@code
   * repo}: {@link #PAIR_TOWER}'s embedding and distance models at {@code version}, the config of
   * {@link #config}.
   */
  public static SiameseServer pair(Path repo, int version) throws Exception {
    new TestRepository(repo).writePair(version, PAIR_TOWER, TestModels.card(PAIR_TOWER));
    return ready(config(repo));
  }

  /** The embedding model's file that {@link #pair} wrote at {@code version}. */
  public static Path embeddingModel(Path repo, int version) {
    return new io.siameseonnx.model.repository.ModelRepository(repo)
        .versionDir("siamese-embedding", version)
        .resolve("model.onnx");
  }

  /** A server over {@code config} with its model loaded and warm (not started). */
  public static SiameseServer ready(ServerConfig config) throws Exception {
    SiameseServer server = SiameseServer.create(config);
    server.loadModel();
    server.warmUp();
    return server;
  }
}
