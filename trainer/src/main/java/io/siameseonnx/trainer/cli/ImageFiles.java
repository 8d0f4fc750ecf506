package io.siameseonnx.trainer.cli;

import io.siameseonnx.shared.image.ImagePreprocessor;
import io.siameseonnx.shared.image.InvalidImageException;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Image files named on the command line, read and preprocessed as a model's spec says. */
final class ImageFiles {
  private ImageFiles() {}

  /**
   * One preprocessed CHW array per file, in order.
   *
   * @throws BadInputException naming the file that cannot be read or decoded
   */
  static float[][] preprocess(List<Path> files, PreprocessingSpec spec) {
    ImagePreprocessor preprocessor = new ImagePreprocessor(spec);
    float[][] out = new float[files.size()][];
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new BadInputException("cannot read image " + file + ": no such file", e);
      } catch (AccessDeniedException e) {
        throw new BadInputException("cannot read image " + file + ": permission denied", e);
      } catch (IOException e) {
        throw new BadInputException("cannot read image " + file + ": " + e.getMessage(), e);
      }
      try {
        out[i] = preprocessor.fromBytes(bytes);
      } catch (InvalidImageException e) {
        throw new BadInputException("invalid image " + file + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
