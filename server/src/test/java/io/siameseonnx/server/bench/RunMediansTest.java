package io.siameseonnx.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunMediansTest {
  private static BenchReport.Result result(String input, double cpu, double p50, long calls) {
    return new BenchReport.Result(
        "server",
        input,
        64,
        1,
        1000,
        p50,
        2 * p50,
        calls,
        0,
        8,
        1.5,
        cpu,
        cpu,
        0.5,
        Double.NaN,
        300,
        "wrk");
  }

  @Test
  void eachFigureIsItsOwnMedianOverTheRunsAndScenariosKeepTheirOrder() {
    List<List<BenchReport.Result>> runs =
        List.of(
            List.of(result("png", 120, 5.0, 100), result("tensor", 130, 6.0, 90)),
            List.of(result("png", 180, 4.0, 300), result("tensor", 125, 9.0, 95)),
            List.of(result("png", 125, 4.5, 200), result("tensor", 140, 7.0, 80)));

    List<BenchReport.Result> medians = RunMedians.of(runs);

    assertThat(medians).extracting(BenchReport.Result::input).containsExactly("png", "tensor");
    // The disturbed 180 us run does not move the median, as it would a mean (141.7).
    assertThat(medians.get(0).cpuMicrosPerRequest()).isEqualTo(125);
    assertThat(medians.get(0).p50Ms()).isEqualTo(4.5);
    assertThat(medians.get(0).calls()).isEqualTo(200);
    assertThat(medians.get(1).cpuMicrosPerRequest()).isEqualTo(130);
    assertThat(medians.get(1).p50Ms()).isEqualTo(7.0);
    // A figure no run has stays NaN.
    assertThat(medians.get(1).inferenceBusy()).isNaN();
  }

  @Test
  void anEvenCountTakesTheMeanOfTheMiddleTwoAndOneRunIsReturnedAsItIs() {
    assertThat(RunMedians.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(RunMedians.median(new double[] {Double.NaN, 7})).isEqualTo(7);
    List<BenchReport.Result> one = List.of(result("png", 1, 1, 1));
    assertThat(RunMedians.of(List.of(one))).isSameAs(one);
  }
}
