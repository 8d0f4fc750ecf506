package io.siameseonnx.server.bench;

import static io.siameseonnx.model.testing.RequiredTools.require;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.ServerMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark runs end to end on a tiny model and writes its report (no figures asserted, and
 * nothing that depends on the machine's speed: every scenario measures at least a few requests).
 */
class BenchCommandTest {
  @TempDir Path dir;

  @Test
  void benchMeasuresRawFloorAndServerScenariosOfEveryProtocolAndWritesJson() throws Exception {
    JsonNode report =
        bench(
            "--inputs",
            "tensor,binary,grpc",
            "--concurrency",
            "1,64",
            "--intra-op-threads",
            "1",
            "--instances",
            "2",
            "--raw-pause",
            "1ms",
            "--max-batch-size",
            "8");
    // raw at batch 1 and 8, back to back and with pauses; the Javalin floor and the core floor
    // with 2 HTTP bodies and the server with 3 inputs, at 2 concurrencies each.
    assertThat(report.get("results")).hasSize(2 * 2 + 2 * 2 * 2 + 3 * 2);
    assertThat(report.get("results").get(0).get("scenario").asText()).isEqualTo("raw");
    assertThat(report.get("results").get(1).get("images_per_call").asInt()).isEqualTo(8);
    assertThat(report.get("results").get(2).get("input").asText()).isEqualTo("pause");
    assertThat(report.get("results").get(3).get("images_per_call").asInt()).isEqualTo(8);
    assertThat(report.get("results").get(4).get("scenario").asText()).isEqualTo("floor");
    assertThat(report.get("results").get(8).get("scenario").asText()).isEqualTo("core");
    assertThat(report.get("results").get(8).get("input").asText()).isEqualTo("tensor");
    assertThat(report.get("results").get(11).get("input").asText()).isEqualTo("binary");
    assertThat(report.get("results").get(12).get("scenario").asText()).isEqualTo("server");
    assertThat(report.get("settings").get("instances").asInt()).isEqualTo(2);
    for (JsonNode result : report.get("results")) {
      assertThat(result.get("calls").asLong()).as(result.toString()).isPositive();
      assertThat(result.get("errors").asLong()).as(result.toString()).isZero();
      double cpu = result.get("cpu_micros_per_request").asDouble();
      assertThat(cpu).as(result.toString()).isFinite();
      assertThat(result.get("jit_micros_per_request").asDouble())
          .as(result.toString())
          .isFinite()
          .isNotNegative();
      if (result.get("input").asText().equals("pause")) {
        // Mostly parked: a short window may hold less CPU than one tick of the process clock.
        assertThat(cpu).as(result.toString()).isNotNegative();
      } else if (!result.get("load").asText().equals("java")) {
        // With the in-process load the server's CPU is the process clock (10 ms ticks) less the
        // load threads' clocks: over a short window on a busy machine it may come out near zero,
        // either side. Raw inference and the gRPC load (its own process) have no such difference.
        assertThat(cpu).as(result.toString()).isPositive();
      }
    }
    assertThat(report.get("results").get(17).get("input").asText()).isEqualTo("grpc");
    // CPU at concurrency 64 (tensor), p50 at concurrency 1 (tensor, binary), memory.
    assertThat(report.get("goals")).hasSize(1 + 2 + 1);
    assertThat(report.get("environment").get("onnx_runtime").asText()).isNotBlank();
    assertThat(report.get("runs")).hasSize(1);
  }

  @Test
  void repeatedRunsAreKeptAndTheTableHoldsTheirMedians() throws Exception {
    JsonNode report =
        bench(
            "--inputs",
            "binary",
            "--concurrency",
            "1",
            "--no-floor",
            "--repeat",
            "3",
            "--max-batch-size",
            "8");
    JsonNode runs = report.get("runs");
    assertThat(runs).hasSize(3);
    // raw at batch 1 and 8, and the server: in every run, and once in the medians.
    assertThat(report.get("results")).hasSize(3);
    for (int i = 0; i < 3; i++) {
      double[] calls = new double[3];
      for (int run = 0; run < 3; run++) {
        assertThat(runs.get(run)).hasSize(3);
        calls[run] = runs.get(run).get(i).get("calls").asDouble();
      }
      assertThat(report.get("results").get(i).get("calls").asDouble())
          .isEqualTo(Math.round(RunMedians.median(calls)));
    }
  }

  @Test
  void withWrkTheHttpLoadIsWrksForEveryBodyAndRequestSize() throws Exception {
    require(onPath("wrk"), "wrk (apt-get install wrk)");
    JsonNode report =
        benchWith(
            "wrk",
            "1,32",
            "--inputs",
            "png,binary",
            "--concurrency",
            "8",
            "--no-floor",
            "--max-batch-size",
            "64");
    assertThat(report.get("settings").get("http_load").asText()).isEqualTo("wrk");
    List<String> served = new ArrayList<>();
    for (JsonNode result : report.get("results")) {
      assertThat(result.get("calls").asLong()).as(result.toString()).isPositive();
      assertThat(result.get("errors").asLong()).as(result.toString()).isZero();
      if (result.get("scenario").asText().equals("server")) {
        // wrk is its own process: the server's CPU is the whole process clock's.
        assertThat(result.get("load").asText()).isEqualTo("wrk");
        assertThat(result.get("cpu_micros_per_request").asDouble())
            .as(result.toString())
            .isPositive();
        served.add(result.get("input").asText() + " " + result.get("images_per_call").asInt());
      }
    }
    assertThat(served).containsExactly("png 1", "png 32", "binary 1", "binary 32");
    assertThat(report.get("goals"))
        .extracting(goal -> goal.get("goal").asText())
        .anyMatch(goal -> goal.startsWith("binary, 32 images a request, concurrency 8"));
  }

  private static boolean onPath(String tool) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (java.nio.file.Files.isExecutable(Path.of(folder, tool))) {
        return true;
      }
    }
    return false;
  }

  private JsonNode bench(String... scenarios) throws Exception {
    return benchWith("java", "1", scenarios);
  }

  /**
   * Runs the command on a tiny model with short windows that grow until each scenario has measured
   * a few requests, however busy the machine: no figure or count here depends on its speed (wrk's
   * windows are fixed, at least a second each).
   */
  private JsonNode benchWith(String load, String imagesPerRequest, String... scenarios)
      throws Exception {
    new TestRepository(dir).writeVersion(1);
    Path out = dir.resolve("bench.json");
    List<String> args =
        new ArrayList<>(
            List.of(
                "bench",
                "--model-repo",
                dir.toString(),
                "--duration",
                "100ms",
                "--warmup",
                "100ms",
                "--jit-warmup",
                "100ms",
                "--min-requests",
                "3",
                "--device",
                "cpu",
                "--images-per-request",
                imagesPerRequest,
                "--load",
                load,
                "--out",
                out.toString()));
    args.addAll(List.of(scenarios));
    assertThat(ServerMain.commandLine().execute(args.toArray(String[]::new))).isZero();
    return new ObjectMapper().readTree(out.toFile());
  }
}
