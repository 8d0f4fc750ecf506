package io.siameseonnx.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.pipeline.ClassFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpisodesTest {
  private static final Set<Integer> UNSEEN = Set.of(6, 7, 8, 9);

  /**
   * {@code perClass} images of each of {@code classes} classes: class c is the one-hot vector e_c
   * plus noise of 0.01, so every class is far from every other (distance about 1.4).
   */
  private static LabeledImages separable(int classes, int perClass, long seed) {
    Random rnd = new Random(seed);
    float[][] images = new float[classes * perClass][];
    int[] labels = new int[images.length];
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < perClass; i++) {
        float[] x = new float[classes];
        for (int j = 0; j < classes; j++) {
          x[j] = (j == c ? 1f : 0f) + 0.01f * (float) rnd.nextGaussian();
        }
        images[c * perClass + i] = x;
        labels[c * perClass + i] = c;
      }
    }
    List<String> names = IntStream.range(0, classes).mapToObj(c -> "digit" + c).toList();
    return new LabeledImages(images, labels, names, "separable");
  }

  private static Set<Integer> set(int... values) {
    Set<Integer> out = new HashSet<>();
    Arrays.stream(values).forEach(out::add);
    return out;
  }

  private static void assertEpisodesStayIn(
      LabeledImages data, List<Episodes.Episode> episodes, int ways, int shots, int queries) {
    for (Episodes.Episode ep : episodes) {
      assertThat(ep.classes()).hasSize(ways).doesNotHaveDuplicates();
      List<Integer> used = new ArrayList<>();
      for (int w = 0; w < ways; w++) {
        int c = ep.classes()[w];
        assertThat(UNSEEN).contains(c);
        assertThat(ep.support()[w]).hasSize(shots);
        assertThat(ep.queries()[w]).hasSize(queries);
        for (int i : ep.support()[w]) {
          assertThat(data.labels()[i]).as("label of support image %d", i).isEqualTo(c);
          used.add(i);
        }
        for (int i : ep.queries()[w]) {
          assertThat(data.labels()[i]).as("label of query image %d", i).isEqualTo(c);
          used.add(i);
        }
      }
      // no image is both support and query, nor used twice
      assertThat(used).doesNotHaveDuplicates();
    }
  }

  @Test
  void episodesOnClassesFilteredOutByClassFilterUseOnlyTheRemainingClasses() {
    LabeledImages all = separable(10, 8, 1);
    LabeledImages unseen = ClassFilter.apply(all, set(0, 1, 2, 3, 4, 5));

    List<Episodes.Episode> episodes = Episodes.sample(unseen, 4, 1, 5, 200, 7);

    assertThat(unseen.size()).isEqualTo(32);
    assertThat(episodes).hasSize(200);
    assertEpisodesStayIn(unseen, episodes, 4, 1, 5);
  }

  @Test
  void episodesOnOnlyClassesWithSeveralShotsStayInThoseClasses() {
    LabeledImages unseen = separable(10, 8, 2).onlyClasses(UNSEEN);

    List<Episodes.Episode> episodes = Episodes.sample(unseen, 3, 3, 4, 100, 8);

    assertEpisodesStayIn(unseen, episodes, 3, 3, 4);
    // every one of the four classes turns up in some episode
    Set<Integer> seen = new HashSet<>();
    episodes.forEach(ep -> Arrays.stream(ep.classes()).forEach(seen::add));
    assertThat(seen).isEqualTo(UNSEEN);
  }

  @Test
  void theSameSeedSamplesTheSameEpisodes() {
    LabeledImages data = separable(10, 8, 3);

    List<Episodes.Episode> a = Episodes.sample(data, 5, 1, 2, 20, 11);
    List<Episodes.Episode> b = Episodes.sample(data, 5, 1, 2, 20, 11);

    assertThat(a).hasSize(20);
    assertThat(b).hasSize(20);
    assertThat(a)
        .zipSatisfy(
            b,
            (x, y) -> {
              assertThat(x.classes()).containsExactly(y.classes());
              assertThat(x.support()).isDeepEqualTo(y.support());
              assertThat(x.queries()).isDeepEqualTo(y.queries());
            });
  }

  @Test
  void separableClassesAreAlwaysRecognisedByTheModelAndByRawPixels() {
    LabeledImages data = separable(10, 8, 4).onlyClasses(UNSEEN);
    // a model that scales and shifts: distances keep their order
    EmbeddingFunction model =
        images ->
            Arrays.stream(images)
                .map(
                    x -> {
                      float[] e = new float[x.length];
                      for (int j = 0; j < x.length; j++) {
                        e[j] = 3 * x[j] + 1;
                      }
                      return e;
                    })
                .toArray(float[][]::new);

    Episodes.Result result = Episodes.run(data, model, Metric.EUCLIDEAN, 4, 1, 5, 100, 9);

    assertThat(result.accuracy()).isEqualTo(1.0);
    assertThat(result.baselineAccuracy()).isEqualTo(1.0);
    assertThat(result.ci95()).isZero();
    assertThat(result.baselineCi95()).isZero();
    assertThat(result.ways()).isEqualTo(4);
    assertThat(result.shots()).isEqualTo(1);
    assertThat(result.episodes()).isEqualTo(100);
  }

  @Test
  void aModelThatMapsEverythingToOnePointIsRightOneTimeInN() {
    LabeledImages data = separable(10, 8, 5);
    EmbeddingFunction constant = images -> new float[images.length][3];

    Episodes.Result result = Episodes.run(data, constant, Metric.EUCLIDEAN, 5, 1, 5, 200, 10);

    assertThat(result.accuracy()).isCloseTo(1.0 / 5, within(0.05));
    // raw pixels, on the very same episodes, still tell the classes apart
    assertThat(result.baselineAccuracy()).isEqualTo(1.0);
  }

  @Test
  void severalShotsClassifyByTheNearestMeanOfTheSupport() {
    // 1-D: class 0 support at -1 and 3 (mean 1), class 1 support at 2.5 and 2.5 (mean 2.5);
    // the class-0 query at 0.5 is nearer a class-0 mean (0.5 away) than the class-1 mean (2).
    float[][] x = {{-1}, {3}, {0.5f}, {2.5f}, {2.5f}, {2.6f}};
    Episodes.Episode episode =
        new Episodes.Episode(
            new int[] {0, 1}, new int[][] {{0, 1}, {3, 4}}, new int[][] {{2}, {5}});

    double[] accuracies = Episodes.accuracies(List.of(episode), x, Metric.EUCLIDEAN);

    assertThat(accuracies).containsExactly(1.0);
    // with the support image at 3 alone, the query at 0.5 would go to class 1 (2 away vs 2.5)
    Episodes.Episode oneShot =
        new Episodes.Episode(new int[] {0, 1}, new int[][] {{1}, {3}}, new int[][] {{2}, {5}});
    assertThat(Episodes.accuracies(List.of(oneShot), x, Metric.EUCLIDEAN)).containsExactly(0.5);
  }

  @Test
  void theConfidenceIntervalIsZeroForConstantAccuraciesAndUndefinedForOneEpisode() {
    assertThat(Episodes.ci95(new double[] {0.6, 0.6, 0.6, 0.6})).isZero();
    assertThat(Episodes.ci95(new double[] {0.6})).isNaN();
    // 0 and 1: sample standard deviation sqrt(0.5), over sqrt(2), times 1.96
    assertThat(Episodes.ci95(new double[] {0, 1})).isCloseTo(0.98, within(1e-12));
  }

  @Test
  void oneEpisodeHasAnAccuracyButNoInterval() {
    Episodes.Result result =
        Episodes.run(
            separable(4, 6, 6), EmbeddingFunction.rawPixels(), Metric.EUCLIDEAN, 4, 1, 5, 1, 12);

    assertThat(result.episodes()).isEqualTo(1);
    assertThat(result.accuracy()).isEqualTo(1.0);
    assertThat(result.ci95()).isNaN();
    assertThat(result.baselineCi95()).isNaN();
  }

  @Test
  void tooFewClassesForTheWaysAreRefused() {
    LabeledImages unseen = separable(10, 8, 7).onlyClasses(UNSEEN);

    assertThatThrownBy(() -> Episodes.sample(unseen, 5, 1, 5, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5-way")
        .hasMessageContaining("has 4");
  }

  @Test
  void classesWithTooFewImagesForSupportAndQueriesDoNotCount() {
    // eight images a class: 1 shot + 8 queries needs nine
    LabeledImages data = separable(10, 8, 8);

    assertThatThrownBy(
            () ->
                Episodes.run(data, EmbeddingFunction.rawPixels(), Metric.EUCLIDEAN, 2, 1, 8, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9+ images")
        .hasMessageContaining("has 0");
  }
}
