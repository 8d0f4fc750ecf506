package io.siameseonnx.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.model.testing.TestRepository;
import io.siameseonnx.server.ServerMain;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs end to end on a tiny model and writes its report (no figures asserted). */
class BenchCommandTest {
  @TempDir Path dir;

  @Test
  void benchMeasuresRawAndHttpScenariosAndWritesJson() throws Exception {
    new TestRepository(dir).writeVersion(1);
    Path out = dir.resolve("bench.json");
    int code =
        ServerMain.commandLine()
            .execute(
                "bench",
                "--model-repo",
                dir.toString(),
                "--duration",
                "300ms",
                "--warmup",
                "100ms",
                "--concurrency",
                "1,64",
                "--device",
                "cpu",
                "--intra-op-threads",
                "1",
                "--max-batch-size",
                "8",
                "--out",
                out.toString());
    assertThat(code).isZero();
    JsonNode report = new ObjectMapper().readTree(out.toFile());
    assertThat(report.get("results")).hasSize(2 + 2 * 2);
    assertThat(report.get("results").get(0).get("scenario").asText()).isEqualTo("raw");
    assertThat(report.get("results").get(1).get("images_per_call").asInt()).isEqualTo(8);
    for (JsonNode result : report.get("results")) {
      assertThat(result.get("calls").asLong()).as(result.toString()).isPositive();
      assertThat(result.get("errors").asLong()).as(result.toString()).isZero();
    }
    assertThat(report.get("goals")).hasSize(4);
    assertThat(report.get("environment").get("onnx_runtime").asText()).isNotBlank();
  }
}
