package io.siameseonnx.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.shared.image.ImageWriting;
import io.siameseonnx.shared.image.PreprocessingSpec;
import io.siameseonnx.trainer.data.DataException;
import io.siameseonnx.trainer.pairs.PairSource;
import io.siameseonnx.trainer.pairs.RectanglePairs;
import io.siameseonnx.trainer.train.Recipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairDataTest {
  private static final PreprocessingSpec SPEC_32 = PreprocessingSpec.of(32, 32);

  @TempDir Path dir;

  @Test
  void theSeedRecipeGetsTheArticlesFixedRectanglePairs() {
    PairSource pairs = new PairData.Rectangles().open(SPEC_32, Recipe.seed(1), false, 1);

    assertThat(pairs).isInstanceOf(RectanglePairs.class);
    assertThat(((RectanglePairs) pairs).fixedTrainingPairs()).isTrue();
    assertThat(pairs.trainPairs(1, new Random(0)).size()).isEqualTo(50);
  }

  @Test
  void theDefaultRecipeGetsFreshRectanglePairsOfItsSize() {
    Recipe recipe = Recipe.standard(1);

    PairSource pairs = new PairData.Rectangles().open(SPEC_32, recipe, false, 1);

    assertThat(((RectanglePairs) pairs).fixedTrainingPairs()).isFalse();
    assertThat(pairs.trainPairs(1, new Random(0)).size()).isEqualTo(recipe.pairsPerEpoch());
  }

  @Test
  void theRectangleTaskRefusesAnotherImageSize() {
    assertThatThrownBy(
            () ->
                new PairData.Rectangles()
                    .open(PreprocessingSpec.of(64, 64), Recipe.standard(1), false, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32x32");
  }

  @Test
  void aMissingFolderIsRefusedByName() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(
            () ->
                new PairData.Folder(missing, false, Set.of())
                    .open(SPEC_32, Recipe.standard(1), false, 1))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aCsvWithTooFewPairsIsRefusedByName() throws IOException {
    float[] pixels = new float[16];
    Arrays.fill(pixels, 0.5f);
    Files.write(dir.resolve("a.png"), ImageWriting.grayPng(pixels, 4, 4));
    Path csv = Files.writeString(dir.resolve("pairs.csv"), "a.png,a.png,1\na.png,a.png,0\n");

    assertThatThrownBy(
            () ->
                new PairData.Csv(csv)
                    .open(PreprocessingSpec.of(4, 4), Recipe.standard(1), false, 1))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(csv.toString())
        .hasMessageContaining("at least 10");
  }

  @Test
  void noPretrainingLoadsNothing() {
    assertThat(new PretrainData.None().load(SPEC_32, false)).isEmpty();
  }

  @Test
  void theRunsFilesLiveUnderTheOutputFolder() {
    RunOptions options = RunOptions.defaults(dir, 3);

    assertThat(options.metricsFile()).isEqualTo(dir.resolve("metrics.json"));
    assertThat(options.checkpointDir("finetune")).isEqualTo(dir.resolve("checkpoints/finetune"));
  }
}
