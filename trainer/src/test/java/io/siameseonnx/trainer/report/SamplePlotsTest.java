package io.siameseonnx.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SamplePlotsTest {
  @Test
  void samplePlotsAreWrittenWhereReportSamplesPoints() {
    String dir = System.getProperty("report.samples");
    assumeTrue(dir != null, "set -Dreport.samples=<dir> to write sample plots to look at");

    assertThat(SamplePlots.write(Path.of(dir))).hasSize(5 + 4 + 1 + 1 + 3);
  }
}
