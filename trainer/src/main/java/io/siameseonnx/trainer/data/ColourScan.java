package io.siameseonnx.trainer.data;

import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.InvalidImageException;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds whether training images have colour, for {@code --channels auto}: the first image (in the
 * given order) that {@link ImagePreprocessor#hasColour} says has colour. Unreadable files are
 * passed over here; reading the data reports them.
 */
public final class ColourScan {
  private ColourScan() {}

  /** The first file of {@code files} that has colour, if any. */
  public static Optional<Path> firstInColour(List<Path> files) {
    ImagePreprocessor probe = new ImagePreprocessor(PreprocessingSpec.defaults());
    return files.parallelStream().filter(file -> hasColour(probe, file)).findFirst();
  }

  private static boolean hasColour(ImagePreprocessor probe, Path file) {
    try {
      return probe.hasColour(Files.readAllBytes(file));
    } catch (InvalidImageException | IOException e) {
      return false;
    }
  }
}
