package io.siameseonnx.server.gallery.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siameseonnx.server.ServerMain;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench gallery} runs end to end on a small gallery and writes its report (no figures). */
class GalleryBenchCommandTest {
  @TempDir Path dir;

  @Test
  void benchGalleryBuildsProbesAndWritesJson() throws Exception {
    Path out = dir.resolve("gallery-bench.json");
    int code =
        ServerMain.commandLine()
            .execute(
                "bench",
                "gallery",
                "--vectors",
                "3000",
                "--dimension",
                "32",
                "--tensor-floats",
                "16",
                "--queries",
                "60",
                "--recall-queries",
                "40",
                "--warmup",
                "5",
                "--candidates",
                "10,50",
                "--config",
                "bulk-2t;custom:threads=1,beam=32,quant=int8,mw=1,no-force-merge",
                "--online-threads",
                "2",
                "--online-seconds",
                "0.5",
                "--probe-jvm-args",
                "-Xmx256m",
                "--work-dir",
                dir.resolve("work").toString(),
                "--out",
                out.toString());
    assertThat(code).isZero();
    JsonNode report = new ObjectMapper().readTree(out.toFile());
    assertThat(report.get("configs")).hasSize(2);
    JsonNode first = report.get("configs").get(0);
    assertThat(first.get("name").asText()).isEqualTo("bulk-2t");
    assertThat(first.get("segments").asInt()).isEqualTo(1);
    assertThat(first.get("searches")).hasSize(2);
    for (JsonNode config : report.get("configs")) {
      assertThat(config.get("open_ms").asDouble()).isPositive();
      assertThat(config.get("total_rate").asDouble()).isPositive();
      for (JsonNode search : config.get("searches")) {
        assertThat(search.get("recall").asDouble()).isBetween(0.0, 1.0);
        assertThat(search.get("p99_ms").asDouble()).isPositive();
      }
    }
    assertThat(report.get("configs").get(1).get("quantization").asText()).isEqualTo("int8");
    assertThat(report.get("online").get("examples").asLong()).isPositive();
    assertThat(report.get("goals")).hasSize(8);
    assertThat(dir.resolve("work/bulk-2t")).doesNotExist();
  }

  @Test
  void configurationsParseFromPresetsAndOverrides() {
    BenchConfig preset = BenchConfig.parse("bulk-2t-int8");
    assertThat(preset.threads()).isEqualTo(2);
    assertThat(preset.options().quantization().name()).isEqualTo("INT8");
    BenchConfig custom = BenchConfig.parse("bulk-2t:beam=40,no-force-merge");
    assertThat(custom.options().beamWidth()).isEqualTo(40);
    assertThat(custom.forceMerge()).isFalse();
    assertThat(BenchConfig.parse("lucene-defaults").mergeWhileLoading()).isTrue();
  }
}
