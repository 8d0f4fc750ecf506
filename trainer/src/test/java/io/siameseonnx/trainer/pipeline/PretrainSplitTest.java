package io.siameseonnx.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.pairs.LabeledPairs;
import io.siameseonnx.trainer.pairs.LabeledSplit;
import io.siameseonnx.trainer.train.Recipe;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * When pretraining and fine-tuning read the same images, the pair data's test images stay out of
 * pretraining, so that the final one-shot figures are on images no stage has seen.
 */
class PretrainSplitTest {
  private static final Recipe RECIPE = Recipe.standard(1);

  /** 20 images of each of 5 classes; image i holds the value i, so every image is unique. */
  private static LabeledImages images(float offset) {
    float[][] pixels = new float[100][];
    int[] labels = new int[100];
    for (int i = 0; i < 100; i++) {
      pixels[i] = new float[] {i + offset, 0};
      labels[i] = i % 5;
    }
    return new LabeledImages(
        pixels, labels, IntStream.range(0, 5).mapToObj(Integer::toString).toList(), "five");
  }

  private static Set<Float> values(LabeledImages images) {
    Set<Float> out = new HashSet<>();
    Arrays.stream(images.images()).forEach(p -> out.add(p[0]));
    return out;
  }

  @Test
  void theSameDataArePretrainedOnWithoutThePairsTestImages() {
    LabeledImages data = images(0);
    LabeledPairs pairs = LabeledPairs.of(data, false, 64, 20, 7);
    LabeledSplit split = pairs.labeledSplit().orElseThrow();

    LabeledImages[] pretrain = PretrainStage.split(images(0), Optional.of(pairs), RECIPE, 7);

    Set<Float> seen = values(pretrain[0]);
    seen.addAll(values(pretrain[1]));
    assertThat(split.test().size()).isPositive();
    assertThat(seen).doesNotContainAnyElementsOf(values(split.test()));
    assertThat(seen.size() + split.test().size()).isEqualTo(data.size());
  }

  @Test
  void aLargerSetThatHoldsThePairImagesLosesTheTestImagesToo() {
    LabeledImages pairImages = images(0).subset(IntStream.range(0, 60).toArray());
    LabeledPairs pairs = LabeledPairs.of(pairImages, false, 64, 20, 7);
    LabeledSplit split = pairs.labeledSplit().orElseThrow();

    LabeledImages[] pretrain = PretrainStage.split(images(0), Optional.of(pairs), RECIPE, 7);

    Set<Float> seen = values(pretrain[0]);
    seen.addAll(values(pretrain[1]));
    assertThat(seen).doesNotContainAnyElementsOf(values(split.test()));
    assertThat(seen).hasSize(100 - split.test().size());
  }

  @Test
  void otherPretrainingDataAreSplitAsUsual() {
    LabeledPairs pairs = LabeledPairs.of(images(0), false, 64, 20, 7);
    LabeledImages other = images(1000);

    LabeledImages[] pretrain = PretrainStage.split(other, Optional.of(pairs), RECIPE, 7);

    assertThat(pretrain[0].size() + pretrain[1].size()).isEqualTo(other.size());
    assertThat(pretrain[1].size()).isEqualTo(20); // the recipe's validation fraction, 0.2
  }

  @Test
  void withoutPairDataEverythingIsSplitAsUsual() {
    LabeledImages[] pretrain = PretrainStage.split(images(0), Optional.empty(), RECIPE, 7);

    assertThat(pretrain[0].size() + pretrain[1].size()).isEqualTo(100);
  }
}
