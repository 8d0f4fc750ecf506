package io.siameseonnx.trainer.pipeline;

import io.siameseonnx.shared.image.PreprocessingSpec;
import io.siameseonnx.trainer.data.Digits;
import io.siameseonnx.trainer.data.IdxDataset;
import io.siameseonnx.trainer.data.ImageFolder;
import io.siameseonnx.trainer.data.PairsCsv;
import io.siameseonnx.trainer.pairs.FixedPairs;
import io.siameseonnx.trainer.pairs.LabeledPairs;
import io.siameseonnx.trainer.pairs.PairSource;
import io.siameseonnx.trainer.pairs.RectanglePairs;
import io.siameseonnx.trainer.train.Recipe;
import java.nio.file.Path;
import java.util.Set;

/** Where the Siamese pairs come from. */
public sealed interface PairData {
  /** Builds the pair source for a recipe. */
  PairSource open(PreprocessingSpec spec, Recipe recipe, boolean strict, long seed);

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
  }

  /** A CSV of {@code path_a,path_b,label} lines. */
  record Csv(Path file) implements PairData {
    @Override
    public PairSource open(PreprocessingSpec spec, Recipe recipe, boolean strict, long seed) {
      return new FixedPairs(PairsCsv.read(file, spec, strict), file.toString(), seed);
    }
  }
}
