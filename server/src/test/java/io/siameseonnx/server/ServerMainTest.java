package io.siameseonnx.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.runtime.Device;
import io.siameseonnx.server.runtime.OptimizationLevel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerMainTest {
  @TempDir Path dir;
  final StringWriter err = new StringWriter();
  final StringWriter out = new StringWriter();

  private int run(String... args) {
    CommandLine cli = ServerMain.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(out, true));
    // A server that starts opens its gallery store: here, not in the working directory.
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.contains("--help")) {
      all.addAll(List.of("--gallery-dir", dir.resolve("galleries").toString()));
    }
    return cli.execute(all.toArray(String[]::new));
  }

  @Test
  void startUpFailsWithOneLineNamingTheMissingModelFolder() {
    Path repo = dir.resolve("empty-repo");
    int code = run("--model-repo", repo.toString(), "--port", "0", "--device", "cpu");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .doesNotContain("\n")
        .startsWith("siamese-server: ")
        .contains(repo.resolve("siamese-embedding").toString());
  }

  @Test
  void startUpFailsWithOneLineNamingACorruptModelFile() throws Exception {
    new TestRepository(dir).writeCorrupt(1);
    int code = run("--model-repo", dir.toString(), "--port", "0", "--device", "cpu");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .doesNotContain("\n")
        .contains("no version of siamese-embedding in " + dir.toAbsolutePath().normalize())
        .contains("cannot load model siamese-embedding/1/model.onnx");
  }

  @Test
  void flagsBecomeTheConfiguration() throws Exception {
    Path keys = Files.writeString(dir.resolve("keys"), "from-file\n");
    ServerMain main = new ServerMain();
    new CommandLine(main)
        .parseArgs(
            "--model-repo",
            "repo",
            "--model-name",
            "towers",
            "--host",
            "127.0.0.1",
            "--port",
            "9000",
            "--grpc-port",
            "9001",
            "--device",
            "cuda",
            "--cuda-device-id",
            "1",
            "--intra-op-threads",
            "3",
            "--inter-op-threads",
            "2",
            "--instances",
            "5",
            "--optimization-level",
            "basic",
            "--ort-spinning",
            "--max-batch-size",
            "32",
            "--max-queue-delay",
            "500us",
            "--queue-capacity",
            "512",
            "--max-images-per-request",
            "100",
            "--max-body-size",
            "4MB",
            "--preprocess-threads",
            "3",
            "--decode-budget",
            "5MB",
            "--decode-wait",
            "2s",
            "--reload-interval",
            "0",
            "--request-timeout",
            "10s",
            "--shutdown-timeout",
            "15s",
            "--warmup-runs",
            "1",
            "--api-keys-file",
            keys.toString());
    ServerConfig config = main.config("from-env-1,from-env-2");
    assertThat(config.modelRepo()).isEqualTo(Path.of("repo"));
    assertThat(config.modelName()).isEqualTo("towers");
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(9000);
    assertThat(config.grpcPort()).isEqualTo(9001);
    assertThat(config.runtime().device()).isEqualTo(Device.CUDA);
    assertThat(config.runtime().cudaDeviceId()).isEqualTo(1);
    assertThat(config.runtime().intraOpThreads()).isEqualTo(3);
    assertThat(config.runtime().interOpThreads()).isEqualTo(2);
    assertThat(config.runtime().optimizationLevel()).isEqualTo(OptimizationLevel.BASIC);
    assertThat(config.runtime().allowSpinning()).isTrue();
    assertThat(config.batching().maxBatchSize()).isEqualTo(32);
    assertThat(config.batching().maxQueueDelay()).isEqualTo(Duration.ofNanos(500_000));
    assertThat(config.batching().queueCapacity()).isEqualTo(512);
    assertThat(config.batching().instances()).isEqualTo(5);
    assertThat(config.maxImagesPerRequest()).isEqualTo(100);
    assertThat(config.maxBodyBytes()).isEqualTo(4L << 20);
    assertThat(config.preprocessThreads()).isEqualTo(3);
    assertThat(config.decodeBudgetBytes()).isEqualTo(5L << 20);
    assertThat(config.effectiveDecodeWait()).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(config.reloadInterval()).isZero();
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.warmupRuns()).isEqualTo(1);
    assertThat(config.apiKeys()).containsExactlyInAnyOrder("from-env-1", "from-env-2", "from-file");
  }

  @Test
  void theDefaultsServeModelsOnPort8080WithAutoDevice() throws Exception {
    ServerMain main = new ServerMain();
    new CommandLine(main).parseArgs();
    ServerConfig config = main.config(null);
    // Unless the environment sets SIAMESE_* variables, which this test's JVM does not.
    assertThat(config.modelRepo()).isEqualTo(Path.of("models"));
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.grpcPort()).isEqualTo(ServerConfig.DEFAULT_GRPC_PORT).isEqualTo(8001);
    assertThat(config.runtime().device()).isEqualTo(Device.AUTO);
    // One ONNX Runtime thread an operator, one batch instance a core.
    assertThat(config.runtime().intraOpThreads()).isEqualTo(1);
    assertThat(config.batching().instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.batching().maxBatchSize()).isEqualTo(64);
    assertThat(config.batching().maxQueueDelay()).isEqualTo(Duration.ofMillis(8));
    assertThat(config.maxBodyBytes()).isEqualTo(16L << 20);
    assertThat(config.apiKeys()).isEmpty();
  }

  @Test
  void grpcPortZeroTurnsGrpcOffAndANegativePortIsRefused() throws Exception {
    ServerMain off = new ServerMain();
    new CommandLine(off).parseArgs("--grpc-port", "0");
    assertThat(off.config(null).grpcPort()).isEqualTo(ServerConfig.GRPC_OFF);
    assertThat(run("--model-repo", dir.toString(), "--grpc-port", "-1")).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("siamese-server: --grpc-port must be 0 (off) or 1..65535, got -1");
    err.getBuffer().setLength(0);
    assertThat(run("--model-repo", dir.toString(), "--grpc-port", "70000")).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith("siamese-server: ").contains("70000");
  }

  @Test
  void badFlagsAreUsageErrors() {
    assertThat(run("--port", "abc")).isEqualTo(2);
    assertThat(run("--model-repo", dir.toString(), "--max-queue-delay", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("not a duration");
  }

  @Test
  void helpNamesTheEnvironmentVariables() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("SIAMESE_PORT", "SIAMESE_DEVICE", "SIAMESE_API_KEYS", "bench");
  }
}
