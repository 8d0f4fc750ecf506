package io.siameseonnx.server.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.siameseonnx.server.grpc.proto.GRPCInferenceServiceGrpc;
import io.siameseonnx.server.grpc.proto.OpenInference.ModelInferRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gRPC load generator: a process of its own (the benchmark starts it with this class path), so
 * that the client's CPU is not the server's. A thread a concurrent call sends prepared {@code
 * ModelInfer} requests with a blocking stub; the process says when its measured time starts and
 * ends on standard output, and writes its counts and latencies as JSON.
 */
public final class GrpcLoad {
  static final String MEASURING = "measuring";
  static final String DONE = "done";

  private GrpcLoad() {}

  /** {@code port requestsDir concurrency warmupMs durationMs minRequests out.json}. */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    List<ModelInferRequest> requests = new ArrayList<>();
    try (var files = Files.list(Path.of(args[1]))) {
      for (Path file : files.sorted().toList()) {
        requests.add(ModelInferRequest.parseFrom(Files.readAllBytes(file)));
      }
    }
    int concurrency = Integer.parseInt(args[2]);
    Duration warmup = Duration.ofMillis(Long.parseLong(args[3]));
    Duration duration = Duration.ofMillis(Long.parseLong(args[4]));
    long minRequests = Long.parseLong(args[5]);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .maxInboundMessageSize(64 * 1024 * 1024)
            .build();
    var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
    Window window = new Window(warmup, duration, minRequests);
    List<Latencies> all = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      Latencies latencies = new Latencies();
      all.add(latencies);
      int offset = t;
      threads.add(
          new Thread(
              () -> {
                int i = offset;
                while (!window.closed()) {
                  long t0 = System.nanoTime();
                  boolean ok;
                  try {
                    stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .modelInfer(requests.get(i++ % requests.size()));
                    ok = true;
                  } catch (RuntimeException e) {
                    ok = false;
                  }
                  long t1 = System.nanoTime();
                  if (window.measures(t1)) {
                    if (ok) {
                      latencies.add(t1 - t0);
                    } else {
                      errors.incrementAndGet();
                    }
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    window.awaitOpen();
    System.out.println(MEASURING);
    System.out.flush();
    window.awaitClose(threads);
    System.out.println(DONE);
    System.out.flush();
    for (Thread thread : threads) {
      thread.join();
    }
    channel.shutdownNow();
    long[] sorted = Latencies.merged(all);
    new ObjectMapper()
        .writeValue(
            Path.of(args[6]).toFile(),
            Map.of(
                "requests", sorted.length,
                "errors", errors.get(),
                "p50", Latencies.millis(sorted, 0.5),
                "p99", Latencies.millis(sorted, 0.99)));
  }

  /** Runs the load in a child process and measures this process's CPU in its measured time. */
  static Load run(
      int port,
      List<ModelInferRequest> requests,
      int concurrency,
      Duration warmup,
      Duration duration,
      long minRequests)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("siamese-grpc-load");
    try {
      Path requestDir = Files.createDirectories(dir.resolve("requests"));
      for (int i = 0; i < requests.size(); i++) {
        Files.write(requestDir.resolve(String.format("%05d", i)), requests.get(i).toByteArray());
      }
      Path out = dir.resolve("result.json");
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  GrpcLoad.class.getName(),
                  Integer.toString(port),
                  requestDir.toString(),
                  Integer.toString(concurrency),
                  Long.toString(warmup.toMillis()),
                  Long.toString(duration.toMillis()),
                  Long.toString(minRequests),
                  out.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      long cpuFrom = 0;
      long cpuTo = 0;
      long jitFrom = 0;
      long jitTo = 0;
      long from = 0;
      long to = 0;
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.equals(MEASURING)) {
            cpuFrom = ProcessStats.cpuNanos();
            jitFrom = ProcessStats.compilerNanos();
            from = System.nanoTime();
          } else if (line.equals(DONE)) {
            cpuTo = ProcessStats.cpuNanos();
            jitTo = ProcessStats.compilerNanos();
            to = System.nanoTime();
          }
        }
      }
      if (child.waitFor() != 0 || to == 0) {
        throw new IOException("the gRPC load process failed (exit " + child.exitValue() + ")");
      }
      var r = new ObjectMapper().readTree(out.toFile());
      return new Load(
          r.get("requests").asLong(),
          r.get("errors").asLong(),
          r.get("p50").asDouble(),
          r.get("p99").asDouble(),
          (to - from) / 1e9,
          cpuTo - cpuFrom,
          jitTo - jitFrom,
          "grpc-java (own process)");
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
