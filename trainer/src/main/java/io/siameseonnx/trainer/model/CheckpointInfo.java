package io.siameseonnx.trainer.model;

import io.siameseonnx.model.card.EvaluationProtocol;
import io.siameseonnx.model.card.ModelCard;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.shared.distance.Metric;
import io.siameseonnx.shared.image.PreprocessingSpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a checkpoint holds besides the weights: the tower it was built from, how inputs were
 * prepared, and the training stage's results.
 *
 * @param tower the layer spec that rebuilds the block
 * @param preprocessing how images became inputs
 * @param stage {@code "pretrain"} or {@code "finetune"}
 * @param loss the Siamese loss ({@code "contrastive"}, {@code "triplet"}, {@code "supcon"}); empty
 *     after pretraining
 * @param margin the loss margin (the temperature for {@code supcon})
 * @param metric the distance the tower was trained with and the threshold calibrated on; the
 *     export's model card and so the server take it from here (Euclidean in checkpoints written
 *     before it was recorded, which were all trained and calibrated on Euclidean distances)
 * @param threshold calibrated decision threshold (similar when the distance is below it)
 * @param metrics flat figures such as {@code finetune.test_accuracy}
 * @param dataFingerprint SHA-256 of the training data
 * @param protocol how the figures were measured (held-out classes, pretraining overlap, the
 *     threshold's operating point); empty in checkpoints written before it was recorded
 * @param augment the fine-tuning augmentation ({@code --augment}) in its recorded form, such as
 *     {@code crop,jitter}; {@code none} after pretraining (which {@code --augment} leaves alone)
 *     and in checkpoints written before it was recorded, which were all fine-tuned without
 */
public record CheckpointInfo(
    TowerSpec tower,
    PreprocessingSpec preprocessing,
    String stage,
    String loss,
    double margin,
    Metric metric,
    double threshold,
    Map<String, Double> metrics,
    String dataFingerprint,
    EvaluationProtocol protocol,
    String augment) {
  /** The recorded form of no augmentation: the model card's. */
  public static final String NO_AUGMENTATION = ModelCard.NO_AUGMENTATION;

  /** Copies the metrics. */
  public CheckpointInfo {
    metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
    loss = loss == null ? "" : loss;
    metric = metric == null ? Metric.EUCLIDEAN : metric;
    dataFingerprint = dataFingerprint == null ? "" : dataFingerprint;
    protocol = protocol == null ? EvaluationProtocol.unrecorded() : protocol;
    augment = augment == null || augment.isEmpty() ? NO_AUGMENTATION : augment;
  }
}
