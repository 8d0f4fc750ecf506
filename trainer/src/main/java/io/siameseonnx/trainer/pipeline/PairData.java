package io.siameseonnx.trainer.pipeline;

import io.siameseonnx.shared.image.PreprocessingSpec;
import io.siameseonnx.trainer.data.Digits;
import io.siameseonnx.trainer.data.IdxDataset;
import io.siameseonnx.trainer.data.ImageFolder;
import io.siameseonnx.trainer.data.LabeledImages;
import io.siameseonnx.trainer.data.PairsCsv;
import io.siameseonnx.trainer.pairs.FixedPairs;
import io.siameseonnx.trainer.pairs.LabeledPairs;
import io.siameseonnx.trainer.pairs.PairSource;
import io.siameseonnx.trainer.pairs.RectanglePairs;
import io.siameseonnx.trainer.train.Recipe;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Where the Siamese pairs come from. */
public sealed interface PairData {
  /** Builds the pair source for a recipe. */
  PairSource open(PreprocessingSpec spec, Recipe recipe, boolean strict, long seed);

  /**
   * The images of the classes kept out of every stage ({@code --exclude-classes}), on which the run
   * measures one-shot learning of classes never seen; empty when none are excluded or the pairs
   * carry no classes.
   */
  default Optional<LabeledImages> excludedImages(PreprocessingSpec spec, boolean strict) {
    return Optional.empty();
  }

  /** The images of {@code excluded}, if any are there. */
  private static Optional<LabeledImages> only(LabeledImages all, Set<Integer> excluded) {
    if (excluded.isEmpty()) {
      return Optional.empty();
    }
    LabeledImages kept = all.onlyClasses(excluded);
    return kept.size() == 0 ? Optional.empty() : Optional.of(kept);
  }

  /** The seed's synthetic rectangles (fixed pairs for the seed preset, fresh ones otherwise). */
  record Rectangles() implements PairData {
    @Override
    public PairSource open(PreprocessingSpec spec, Recipe recipe, boolean strict, long seed) {
      if (spec.width() != 32 || spec.height() != 32) {
        throw new IllegalArgumentException("the rectangle task has 32x32 images");
      }
      return recipe.freshPairs()
          ? RectanglePairs.heldOut(seed, recipe.pairsPerEpoch())
          : RectanglePairs.seed(seed);
    }
  }

  /** The embedded digits as labelled images (for held-out-class experiments). */
  record EmbeddedDigits(boolean holdoutClasses, Set<Integer> excludeClasses) implements PairData {
    @Override
    public PairSource open(PreprocessingSpec spec, Recipe recipe, boolean strict, long seed) {
      return LabeledPairs.of(
          ClassFilter.apply(Digits.load(spec), excludeClasses),
          holdoutClasses,
          recipe.pairsPerEpoch(),
          1000,
          seed);
    }

    @Override
    public Optional<LabeledImages> excludedImages(PreprocessingSpec spec, boolean strict) {
      return excludeClasses.isEmpty() ? Optional.empty() : only(Digits.load(spec), excludeClasses);
    }
  }

  /** A folder of class subfolders; optionally whole classes held out for validation and test. */
  record Folder(Path root, boolean holdoutClasses, Set<Integer> excludeClasses)
      implements PairData {
    @Override
    public PairSource open(PreprocessingSpec spec, Recipe recipe, boolean strict, long seed) {
      return LabeledPairs.of(
          ClassFilter.apply(ImageFolder.read(root, spec, strict).images(), excludeClasses),
          holdoutClasses,
          recipe.pairsPerEpoch(),
          200,
          seed);
    }

    @Override
    public Optional<LabeledImages> excludedImages(PreprocessingSpec spec, boolean strict) {
      return excludeClasses.isEmpty()
          ? Optional.empty()
          : only(ImageFolder.read(root, spec, strict).images(), excludeClasses);
    }
  }

  /** MNIST-format IDX files used as labelled images. */
  record Idx(
      Path images, Path labels, int limit, boolean holdoutClasses, Set<Integer> excludeClasses)
      implements PairData {
    @Override
    public PairSource open(PreprocessingSpec spec, Recipe recipe, boolean strict, long seed) {
      return LabeledPairs.of(
          ClassFilter.apply(IdxDataset.read(images, labels, spec, limit), excludeClasses),
          holdoutClasses,
          recipe.pairsPerEpoch(),
          1000,
          seed);
    }

    @Override
    public Optional<LabeledImages> excludedImages(PreprocessingSpec spec, boolean strict) {
      return excludeClasses.isEmpty()
          ? Optional.empty()
          : only(IdxDataset.read(images, labels, spec, limit), excludeClasses);
    }
  }

  /** A CSV of {@code path_a,path_b,label} lines. */
  record Csv(Path file) implements PairData {
    @Override
    public PairSource open(PreprocessingSpec spec, Recipe recipe, boolean strict, long seed) {
      return new FixedPairs(PairsCsv.read(file, spec, strict), file.toString(), seed);
    }
  }
}
