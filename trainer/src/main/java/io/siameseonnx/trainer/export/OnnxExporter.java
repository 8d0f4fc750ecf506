package io.siameseonnx.trainer.export;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.card.ModelCards;
import io.siameseonnx.model.card.ModelKind;
import io.siameseonnx.model.onnx.SiameseGraphs;
import io.siameseonnx.model.onnx.WeightSource;
import io.siameseonnx.model.repository.ModelRepository;
import io.siameseonnx.model.repository.TritonConfig;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.trainer.model.CheckpointInfo;
import io.siameseonnx.trainer.model.DjlWeights;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a trained tower as a new version of two models in a Triton repository (the embedding
 * model and the pair model giving distances), each with its model card inside and beside it,
 * verified against DJL before anything becomes visible.
 */
public final class OnnxExporter {
  /** Default repository name of the embedding model. */
  public static final String DEFAULT_EMBEDDING_NAME = ModelKind.EMBEDDING_NAME;

  /** Default repository name of the pair (distance) model. */
  public static final String DEFAULT_DISTANCE_NAME = ModelKind.DISTANCE_NAME;

  private static final Logger LOG = LoggerFactory.getLogger(OnnxExporter.class);

  private final ExportSettings settings;

  /** An exporter with {@link ExportSettings#defaults()}. */
  public OnnxExporter() {
    this(ExportSettings.defaults());
  }

  /** An exporter with the given settings. */
  public OnnxExporter(ExportSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Writes, verifies and publishes the export. On any failure (including a verification above the
   * tolerance) the repository is left as it was: earlier versions intact, no new or hidden folder.
   *
   * @param tower the trained tower, built from {@code info.tower()}
   * @param info the checkpoint's metadata (spec, preprocessing, metric, threshold, metrics)
   * @param manager the manager the tower's parameters live on
   * @param modelRepo the repository root
   * @param embeddingName the embedding model's name in the repository
   * @param distanceName the pair model's name in the repository
   * @param verificationImages preprocessed CHW images to verify on (random ones are added)
   * @return the version, folders, cards and verification figures
   * @throws ExportVerificationException when ONNX Runtime disagrees with DJL beyond the tolerance
   * @throws IOException when the repository cannot be written
   */
  public ExportResult export(
      SequentialBlock tower,
      CheckpointInfo info,
      NDManager manager,
      Path modelRepo,
      String embeddingName,
      String distanceName,
      float[][] verificationImages)
      throws IOException {
    TowerSpec spec = info.tower();
    ModelCard card = ModelCardFactory.create(info, embeddingName, settings.clock().instant());
    ModelCard pairCard = card.forDistanceModel(distanceName);
    WeightSource weights = new DjlWeights(tower);
    ModelRepository repo = new ModelRepository(modelRepo);

    try (ModelRepository.Transaction tx = repo.begin(List.of(embeddingName, distanceName))) {
      long version = tx.version();
      ModelProto embedding =
          SiameseGraphs.embedding(spec, weights, card).toBuilder().setModelVersion(version).build();
      ModelProto pair =
          SiameseGraphs.distance(spec, weights, pairCard).toBuilder()
              .setModelVersion(version)
              .build();
      Path embeddingFile = tx.stagingDir(embeddingName).resolve(ModelRepository.MODEL_FILE);
      Path pairFile = tx.stagingDir(distanceName).resolve(ModelRepository.MODEL_FILE);
      write(embedding, embeddingFile);
      write(pair, pairFile);

      ParityFigures parity =
          new ExportVerifier(settings.randomImages(), settings.seed())
              .verify(
                  embeddingFile,
                  pairFile,
                  info.metric(),
                  tower,
                  manager,
                  spec.inputShape(),
                  verificationImages);
      if (!parity.within(settings.tolerance())) {
        throw new ExportVerificationException(
            String.format(
                java.util.Locale.ROOT,
                "ONNX export of %s differs from DJL: max abs difference %.3g (embeddings), %.3g"
                    + " (distances) above the tolerance %.3g; nothing was published to %s",
                spec.name(),
                parity.maxAbsDiffEmbedding(),
                parity.maxAbsDiffDistance(),
                settings.tolerance(),
                repo.root()));
      }

      // The graphs stay as verified; only the metadata gains the figures.
      card = card.withVerification(parity.toCardMap(settings.tolerance()));
      pairCard = pairCard.withVerification(parity.toCardMap(settings.tolerance()));
      write(SiameseGraphs.withCard(embedding, card), embeddingFile);
      write(SiameseGraphs.withCard(pair, pairCard), pairFile);
      ModelCards.write(card, tx.stagingDir(embeddingName).resolve(ModelCards.FILE_NAME));
      ModelCards.write(pairCard, tx.stagingDir(distanceName).resolve(ModelCards.FILE_NAME));
      requireCard(embeddingFile, card);
      requireCard(pairFile, pairCard);

      tx.config(embeddingName, TritonConfig.of(card, settings.maxBatchSize()).toPbtxt());
      tx.config(distanceName, TritonConfig.of(pairCard, settings.maxBatchSize()).toPbtxt());
      tx.commit();
      LOG.info(
          "Exported {} as version {} of {} and {} in {}",
          spec.name(),
          version,
          embeddingName,
          distanceName,
          repo.root());
      return new ExportResult(
          version,
          tx.versionDir(embeddingName),
          tx.versionDir(distanceName),
          card,
          pairCard,
          parity);
    }
  }

  private static void write(ModelProto model, Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      model.writeTo(out);
    }
  }

  private static void requireCard(Path file, ModelCard expected) {
    ModelCard actual = ExportVerifier.readCard(file);
    if (!actual.equals(expected)) {
      throw new ExportVerificationException(
          file + " holds a model card that differs from the one written");
    }
  }
}
