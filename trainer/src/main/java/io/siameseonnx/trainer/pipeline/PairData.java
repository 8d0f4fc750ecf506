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
import java.util.List;
import java.util.Set;

/** Where the Siamese pairs come from. */
public sealed interface PairData {
  /** Builds the pair source for a recipe. */
  PairSource open(PreprocessingSpec spec, Recipe recipe, boolean strict, long seed);

  /** The image files the pairs come from (none for generated or embedded data, all gray). */
  default List<Path> imageFiles() {
    return List.of();
  }

  /**
   * Pairs from class-labelled images without the excluded classes; the excluded classes' images
   * ride along in the split, for one-shot figures on classes never seen.
   */
  private static PairSource labeled(
      LabeledImages all,
      Set<Integer> excluded,
      boolean holdoutClasses,
      Recipe recipe,
      int evalPairs,
      long seed) {
    LabeledPairs pairs =
        LabeledPairs.of(
            ClassFilter.apply(all, excluded),
            holdoutClasses,
            recipe.pairsPerEpoch(),
            evalPairs,
            seed);
    LabeledImages kept = excluded.isEmpty() ? null : all.onlyClasses(excluded);
    return kept == null || kept.size() == 0 ? pairs : pairs.withExcluded(kept);
  }

  /** The seed's synthetic rectangles (fixed pairs for the seed preset, fresh ones otherwise). */
  record Rectangles() implements PairData {
    @Override
    public PairSource open(PreprocessingSpec spec, Recipe recipe, boolean strict, long seed) {
      if (spec.width() != 32 || spec.height() != 32) {
        throw new IllegalArgumentException("the rectangle task has 32x32 images");
      }
      if (spec.channels() != PreprocessingSpec.GRAY) {
        throw new IllegalArgumentException(
            "the rectangle task has gray images; --channels "
                + spec.channels()
                + " needs colour data");
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
      return labeled(Digits.load(spec), excludeClasses, holdoutClasses, recipe, 1000, seed);
    }
  }

  /** A folder of class subfolders; optionally whole classes held out for validation and test. */
  record Folder(Path root, boolean holdoutClasses, Set<Integer> excludeClasses)
      implements PairData {
    @Override
    public List<Path> imageFiles() {
      return ImageFolder.imageFiles(root);
    }

    @Override
    public PairSource open(PreprocessingSpec spec, Recipe recipe, boolean strict, long seed) {
      return labeled(
          ImageFolder.read(root, spec, strict).images(),
          excludeClasses,
          holdoutClasses,
          recipe,
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
      return labeled(
          IdxDataset.read(images, labels, spec, limit),
          excludeClasses,
          holdoutClasses,
          recipe,
          1000,
          seed);
    }
  }

  /** A CSV of {@code path_a,path_b,label} lines. */
  record Csv(Path file) implements PairData {
    @Override
    public List<Path> imageFiles() {
      return PairsCsv.imageFiles(file);
    }

    @Override
    public PairSource open(PreprocessingSpec spec, Recipe recipe, boolean strict, long seed) {
      return new FixedPairs(PairsCsv.read(file, spec, strict), file.toString(), seed);
    }
  }
}
