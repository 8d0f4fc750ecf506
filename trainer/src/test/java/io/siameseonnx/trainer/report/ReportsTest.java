package io.siameseonnx.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.trainer.data.PairSet;
import io.siameseonnx.trainer.train.StageResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  @TempDir Path dir;

  private static Map<String, StageResult> stages() {
    Map<String, StageResult> stages = new LinkedHashMap<>();
    stages.put("pretrain", SampleData.stage(15, 2.3, true, 1));
    stages.put("finetune", SampleData.stage(25, 0.3, false, 2));
    return stages;
  }

  @Test
  void writeAllWritesEveryPlotAndListsThem() throws Exception {
    PairSet pairs = SampleData.digitPairs(200, 5);

    List<Path> files = Reports.writeAll(dir, stages(), pairs, SampleData.distances(pairs), 0.6);

    assertThat(files)
        .containsExactly(
            dir.resolve("pretrain-curves.png"),
            dir.resolve("finetune-curves.png"),
            dir.resolve("roc.png"),
            dir.resolve("distances.png"),
            dir.resolve("pairs.png"));
    for (Path file : files) {
      assertThat(Pngs.distinctColours(Pngs.read(file))).as("%s", file).isGreaterThan(20);
    }
  }

  @Test
  void aPlotThatFailsIsSkippedAndTheOthersAreWritten() {
    Map<String, StageResult> stages = stages();
    stages.put("empty", new StageResult(List.of(), 0, 0, 0));
    PairSet pairs = SampleData.tinyPairs(1, 0);

    List<Path> files = Reports.writeVerification(dir, pairs, new double[] {0.1, 0.9}, 0.5, 3, 3);
    files.addAll(Reports.writeTraining(dir, stages));

    assertThat(files)
        .contains(dir.resolve("roc.png"), dir.resolve("pretrain-curves.png"))
        .doesNotContain(dir.resolve("pairs.png"), dir.resolve("empty-curves.png"));
    assertThat(dir.resolve("pairs.png")).doesNotExist();
  }

  @Test
  void noTestPairsMeansOnlyTheCurves() {
    PairSet none = new PairSet(new float[0][], new float[0][], new int[0]);

    List<Path> files = Reports.writeAll(dir, stages(), none, new double[0], 0.5);

    assertThat(files).hasSize(2);
  }

  @Test
  void theSideOfSquareImagesIsFoundForOneOrThreeChannels() {
    assertThat(Reports.squareSide(28 * 28)).contains(28);
    assertThat(Reports.squareSide(3 * 16 * 16)).contains(16);
    assertThat(Reports.squareSide(28 * 30)).isEmpty();
  }
}
