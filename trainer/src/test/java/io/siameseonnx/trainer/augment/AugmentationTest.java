package io.siameseonnx.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code --augment} values and the names they are recorded under. */
class AugmentationTest {
  @Test
  void noneChangesNothing() {
    Augmentation none = Augmentation.parse("none");

    assertThat(none).isEqualTo(Augmentation.none());
    assertThat(none.isNone()).isTrue();
    assertThat(none.wireName()).isEqualTo("none");
  }

  @Test
  void photoIsCropFlipAndJitter() {
    Augmentation photo = Augmentation.parse("photo");

    assertThat(photo).isEqualTo(Augmentation.of(true, true, true));
    assertThat(photo.wireName()).isEqualTo("crop,flip,jitter");
  }

  @Test
  void aCommaListNamesTheTransformsInAnyOrderAndIsRecordedInTheOrderApplied() {
    Augmentation a = Augmentation.parse("jitter, Crop");

    assertThat(a.crop()).isTrue();
    assertThat(a.flip()).isFalse();
    assertThat(a.jitter()).isTrue();
    assertThat(a.wireName()).isEqualTo("crop,jitter");
    assertThat(Augmentation.parse(a.wireName())).isEqualTo(a);
  }

  @Test
  void theDefaultRangesAreThoseOfTheBrief() {
    Augmentation photo = Augmentation.photo();

    assertThat(photo.minArea()).isEqualTo(0.6);
    assertThat(photo.maxArea()).isEqualTo(1.0);
    assertThat(photo.minAspect()).isEqualTo(0.75);
    assertThat(photo.maxAspect()).isEqualTo(4.0 / 3.0);
    assertThat(photo.flipProbability()).isEqualTo(0.5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bogus", "crop,,jitter", "none,crop", "flip,rotate", ""})
  void anUnknownValueIsRefusedNamingItAndTheChoices(String value) {
    assertThatThrownBy(() -> Augmentation.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + value + "'")
        .hasMessageContaining("none, photo")
        .hasMessageContaining("crop, flip, jitter");
  }

  @Test
  void rangesOutsideTheirBoundsAreRefused() {
    assertThatThrownBy(() -> new Augmentation(true, false, false, 0.8, 0.6, 0.75, 1.33, 0.5, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Augmentation(false, true, false, 0.6, 1, 0.75, 1.33, 1.5, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Augmentation(false, false, true, 0.6, 1, 0.75, 1.33, 0.5, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
