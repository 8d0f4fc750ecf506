package io.siameseonnx.trainer.pipeline;

import io.siameseonnx.shared.image.PreprocessingSpec;
import io.siameseonnx.trainer.data.Digits;
import io.siameseonnx.trainer.data.IdxDataset;
import io.siameseonnx.trainer.data.ImageFolder;
import io.siameseonnx.trainer.data.LabeledImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where the pretraining images come from. */
public sealed interface PretrainData {
  /** Loads the images; empty when pretraining is skipped. */
  Optional<LabeledImages> load(PreprocessingSpec spec, boolean strict);

  /** The image files pretraining reads (none for embedded or IDX data, all gray). */
  default List<Path> imageFiles() {
    return List.of();
  }

  /** Loads the images without the given classes (held out of every stage). */
  default Optional<LabeledImages> load(
      PreprocessingSpec spec, boolean strict, java.util.Set<Integer> excludeClasses) {
    return load(spec, strict).map(images -> ClassFilter.apply(images, excludeClasses));
  }

  /** scikit-learn's 8x8 digits, embedded in the trainer. */
  record EmbeddedDigits() implements PretrainData {
    @Override
    public Optional<LabeledImages> load(PreprocessingSpec spec, boolean strict) {
      return Optional.of(Digits.load(spec));
    }
  }

  /** MNIST-format IDX files (gzip'd or not), at most {@code limit} images (0: all). */
  record Idx(Path images, Path labels, int limit) implements PretrainData {
    @Override
    public Optional<LabeledImages> load(PreprocessingSpec spec, boolean strict) {
      return Optional.of(IdxDataset.read(images, labels, spec, limit));
    }
  }

  /** A folder of class subfolders. */
  record Folder(Path root) implements PretrainData {
    @Override
    public List<Path> imageFiles() {
      return ImageFolder.imageFiles(root);
    }

    @Override
    public Optional<LabeledImages> load(PreprocessingSpec spec, boolean strict) {
      return Optional.of(ImageFolder.read(root, spec, strict).images());
    }
  }

  /** No pretraining: the tower starts from random weights. */
  record None() implements PretrainData {
    @Override
    public Optional<LabeledImages> load(PreprocessingSpec spec, boolean strict) {
      return Optional.empty();
    }
  }
}
