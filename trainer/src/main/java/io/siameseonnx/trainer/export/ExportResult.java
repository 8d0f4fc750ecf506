package io.siameseonnx.trainer.export;

import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.model.repository.ModelRepository;
import java.nio.file.Path;

/**
 * What an export wrote: one new version of the embedding model and of the pair (distance) model.
 *
 * @param version the version number both models got
 * @param embeddingDir the embedding model's version folder
 * @param distanceDir the pair model's version folder
 * @param card the embedding model's card (the pair model's differs in name and tensors only)
 * @param distanceCard the pair model's card
 * @param parity the ONNX Runtime versus DJL figures
 */
public record ExportResult(
    long version,
    Path embeddingDir,
    Path distanceDir,
    ModelCard card,
    ModelCard distanceCard,
    ParityFigures parity) {
  /** The embedding model's ONNX file. */
  public Path embeddingModel() {
    return embeddingDir.resolve(ModelRepository.MODEL_FILE);
  }

  /** The pair model's ONNX file. */
  public Path distanceModel() {
    return distanceDir.resolve(ModelRepository.MODEL_FILE);
  }

  /** The embedding model's card file. */
  public Path cardFile() {
    return embeddingDir.resolve(ModelCards.FILE_NAME);
  }
}
