package io.siameseonnx.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.trainer.augment.Augmentation;
import io.siameseonnx.trainer.loss.LossKind;
import io.siameseonnx.trainer.loss.Mining;
import org.junit.jupiter.api.Test;

/** The presets and the builders the stage configurations are made with. */
class RecipeTest {
  @Test
  void aBuilderMadeFromAConfigurationBuildsItAgain() {
    Recipe recipe = Recipe.fewShot(3);

    assertThat(recipe.toBuilder().build()).isEqualTo(recipe);
    assertThat(recipe.pretrain().toBuilder().build()).isEqualTo(recipe.pretrain());
    assertThat(recipe.finetune().toBuilder().build()).isEqualTo(recipe.finetune());
  }

  @Test
  void theFewShotPresetIsTheDefaultWithTheSettingsItNames() {
    Recipe standard = Recipe.standard(3);
    Recipe fewShot = Recipe.fewShot(3);

    assertThat(fewShot.architecture()).isEqualTo("wide");
    assertThat(fewShot.pretrain().epochs()).isZero();
    assertThat(fewShot.finetune().loss()).isEqualTo(LossKind.SUPCON);
    assertThat(fewShot.finetune().imagesPerClass()).isEqualTo(16);
    assertThat(fewShot.finetune().projection()).isEqualTo(256);
    assertThat(fewShot.finetune().epochs()).isEqualTo(25);
    // everything else as the default recipe has it
    assertThat(
            fewShot.finetune().toBuilder()
                .epochs(20)
                .loss(LossKind.CONTRASTIVE)
                .imagesPerClass(4)
                .projection(0)
                .build())
        .isEqualTo(standard.finetune());
    assertThat(
            fewShot.toBuilder()
                .name("default")
                .architecture("compact")
                .pretrain(standard.pretrain())
                .finetune(standard.finetune())
                .build())
        .isEqualTo(standard);
  }

  @Test
  void settingsLeftOutOfAFineTuningBuilderAreTheContrastiveLossOnPlainPairs() {
    FinetuneConfig config =
        FinetuneConfig.builder()
            .epochs(1)
            .batchSize(2)
            .optimizer(OptimizerChoice.SGD)
            .learningRate(0.1f)
            .margin(1f)
            .stopPatience(0)
            .lrPatience(0)
            .lrFactor(0.5f)
            .seed(1)
            .build();

    assertThat(config.plainPairs()).isTrue();
    assertThat(config.mining()).isEqualTo(Mining.NONE);
    assertThat(config.freezeConv()).isFalse();
    assertThat(config.projection()).isZero();
    assertThat(config.augment()).isEqualTo(Augmentation.none());
  }

  @Test
  void everyPresetFineTunesWithoutAugmentationUnlessTold() {
    for (String name : new String[] {"default", "seed", "few-shot"}) {
      FinetuneConfig finetune = Recipe.preset(name, 1).finetune();
      assertThat(finetune.augment().isNone()).as(name).isTrue();
      assertThat(finetune.toBuilder().augment(Augmentation.photo()).build().augment())
          .isEqualTo(Augmentation.photo());
    }
  }

  @Test
  void aSettingWithoutADefaultIsNamedWhenMissing() {
    assertThatThrownBy(() -> PretrainConfig.builder().epochs(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("batchSize");
    assertThatThrownBy(() -> Recipe.standard(1).toBuilder().build().toBuilder().name(null).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("name");
  }

  @Test
  void everyPresetMeasuresEuclideanDistancesUnlessTold() {
    for (String name : new String[] {"default", "seed", "few-shot"}) {
      Recipe recipe = Recipe.preset(name, 1);
      assertThat(recipe.metric()).as(name).isEqualTo(Metric.EUCLIDEAN);
      assertThat(recipe.toBuilder().metric(Metric.COSINE).build().metric())
          .isEqualTo(Metric.COSINE);
    }
  }
}
