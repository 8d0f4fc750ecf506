package io.siameseonnx.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.siameseonnx.shared.image.PreprocessingSpec;
import io.siameseonnx.trainer.data.Digits;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.data.PairSet;
import io.siameseonnx.trainer.pairs.PairSource;
import io.siameseonnx.trainer.train.Recipe;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --exclude-classes 6-9} with the digits for pretraining and for pairs: not one image of the
 * excluded classes is among what pretraining learns and validates on, nor among the pairs and
 * class-balanced batches fine-tuning draws, checked by content on the very inputs the two stages
 * take from the run's state.
 */
class ExcludedClassesTest {
  private static final Set<Integer> EXCLUDED = Set.of(6, 7, 8, 9);
  private static final PreprocessingSpec SPEC = PreprocessingSpec.of(8, 8);

  @TempDir static Path out;

  private static NDManager manager;
  private static RunState state;
  private static Set<List<Float>> excludedImages;

  @BeforeAll
  static void startARunWithoutSixToNine() {
    RunOptions options =
        new RunOptions(
            Recipe.standard(3),
            SPEC,
            new PretrainData.EmbeddedDigits(),
            new PairData.EmbeddedDigits(false, EXCLUDED),
            out,
            false,
            false,
            3,
            RunOptions.Stages.ALL,
            EXCLUDED,
            false,
            io.siameseonnx.trainer.eval.ThresholdRule.ACCURACY);
    manager = NDManager.newBaseManager();
    state = RunState.start(options, manager);
    LabeledImages digits = Digits.load(SPEC);
    Set<Integer> kept =
        IntStream.range(0, 10)
            .filter(c -> !EXCLUDED.contains(c))
            .boxed()
            .collect(Collectors.toSet());
    excludedImages = contents(digits.onlyClasses(EXCLUDED).images());
    // an excluded image that also stands among the kept classes could not be told apart
    excludedImages.removeAll(contents(digits.onlyClasses(kept).images()));
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  private static Set<List<Float>> contents(float[][] images) {
    Set<List<Float>> set = new HashSet<>();
    for (float[] image : images) {
      set.add(content(image));
    }
    return set;
  }

  private static List<Float> content(float[] image) {
    Float[] boxed = new Float[image.length];
    for (int i = 0; i < image.length; i++) {
      boxed[i] = image[i];
    }
    return Arrays.asList(boxed);
  }

  private static void assertNoExcludedImage(String what, float[][] images) {
    assertThat(images).as(what).isNotEmpty();
    for (int i = 0; i < images.length; i++) {
      assertThat(excludedImages).as("%s, image %d", what, i).doesNotContain(content(images[i]));
    }
  }

  private static void assertNoExcludedImage(String what, PairSet pairs) {
    assertNoExcludedImage(what + " (first images)", pairs.first());
    assertNoExcludedImage(what + " (second images)", pairs.second());
  }

  @Test
  void theExcludedClassesHoldImagesToLookFor() {
    assertThat(excludedImages).hasSizeGreaterThan(700);
  }

  @Test
  void noImageOfAnExcludedClassReachesPretraining() {
    PretrainStage.Images images = PretrainStage.images(state).orElseThrow();

    assertNoExcludedImage("pretraining images", images.train().images());
    assertNoExcludedImage("pretraining validation images", images.validation().images());
    assertThat(images.train().labels()).doesNotContain(6, 7, 8, 9);
  }

  @Test
  void noImageOfAnExcludedClassReachesPairTraining() {
    PairSource pairs = state.requirePairs();
    Random rnd = new Random(1);

    for (int epoch = 1; epoch <= 3; epoch++) {
      assertNoExcludedImage("training pairs of epoch " + epoch, pairs.trainPairs(epoch, rnd));
    }
    // class-balanced batches (triplets, mining, supcon) are drawn from these
    assertNoExcludedImage("labelled training images", pairs.labeledTrain().orElseThrow().images());
    assertNoExcludedImage("validation pairs", pairs.validationPairs());
    assertNoExcludedImage("monitoring pairs", pairs.monitorPairs());
    assertNoExcludedImage("test pairs", pairs.testPairs());
  }

  @Test
  void theExcludedImagesRideAlongOnlyForTheOneShotFiguresOnThem() {
    LabeledImages unseen =
        state.requirePairs().labeledSplit().orElseThrow().excluded().orElseThrow();

    assertThat(contents(unseen.images())).containsAll(excludedImages);
    assertThat(Arrays.stream(unseen.labels()).boxed().collect(Collectors.toSet()))
        .isEqualTo(EXCLUDED);
  }
}
