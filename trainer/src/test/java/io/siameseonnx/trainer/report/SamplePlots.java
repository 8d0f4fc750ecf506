package io.siameseonnx.trainer.report;

import io.siameseonnx.trainer.data.PairSet;
import io.siameseonnx.trainer.eval.Verification;
import io.siameseonnx.trainer.train.EpochStats;
import io.siameseonnx.trainer.train.StageResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes sample plots of realistic data into a folder (default /tmp/plots) to look at: {@code java
 * -cp <test classpath> io.siameseonnx.trainer.report.SamplePlots [dir]}, or run the test {@code
 * SamplePlotsTest} with {@code -Dreport.samples=<dir>}.
 */
public final class SamplePlots {
  private SamplePlots() {}

  /** Writes the samples. */
  public static void main(String[] args) {
    write(Path.of(args.length > 0 ? args[0] : "/tmp/plots"));
  }

  static List<Path> write(Path dir) {
    Map<String, StageResult> stages = new LinkedHashMap<>();
    stages.put("pretrain", SampleData.stage(20, 2.3, true, 11));
    stages.put("finetune", SampleData.stage(40, 0.25, false, 12));
    PairSet pairs = SampleData.digitPairs(1000, 13);
    double[] d = SampleData.distances(pairs);
    double threshold = Verification.calibrateThreshold(d, pairs.labels());
    List<Path> written =
        new java.util.ArrayList<>(Reports.writeAll(dir, stages, pairs, d, threshold));
    written.addAll(writeEdgeCases(dir.resolve("edge")));
    return written;
  }

  /** One epoch, no accuracy, equal distances, similar pairs only. */
  static List<Path> writeEdgeCases(Path dir) {
    StageResult one = SampleData.stage(1, 0.5, false, 21);
    PairSet pairs = SampleData.digitPairs(40, 22);
    double[] equal = new double[pairs.size()];
    java.util.Arrays.fill(equal, 0.7);
    List<Path> written =
        new java.util.ArrayList<>(
            Reports.writeAll(dir.resolve("equal"), Map.of("one", one), pairs, equal, 0.7));
    StageResult noAccuracy =
        new StageResult(
            SampleData.stage(12, 0.3, false, 23).history().stream()
                .map(
                    e ->
                        new EpochStats(
                            e.epoch(),
                            e.trainLoss(),
                            Double.NaN,
                            e.valLoss(),
                            Double.NaN,
                            e.learningRate(),
                            e.seconds(),
                            e.samples()))
                .toList(),
            9,
            30,
            1000);
    written.addAll(Reports.writeTraining(dir, Map.of("no-accuracy", noAccuracy)));
    written.addAll(
        Reports.writeTraining(
            dir, Map.of("supcon", TrainingPlotsTest.supcon("1 - ROC-AUC (validation pairs)"))));
    int[] similar = new int[pairs.size()];
    java.util.Arrays.fill(similar, 1);
    PairSet allSimilar = new PairSet(pairs.first(), pairs.second(), similar);
    written.addAll(
        Reports.writeVerification(
            dir.resolve("similar-only"), allSimilar, SampleData.distances(pairs), 0.9));
    return written;
  }
}
