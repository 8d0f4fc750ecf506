package io.siameseonnx.trainer.pipeline;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.siameseonnx.model.card.EvaluationProtocol;
import io.siameseonnx.model.spec.Architectures;
import io.siameseonnx.model.spec.TowerSpec;
import io.siameseonnx.trainer.model.BlockBuilder;
import io.siameseonnx.trainer.pairs.PairSource;
import io.siameseonnx.trainer.train.Recipe;
import io.siameseonnx.trainer.train.StageResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a run has so far, handed from stage to stage: its options, the tower being trained, the
 * pairs, the flat metrics gathered and each finished stage's result. A stage returns a new state
 * rather than change the one it got; only the tower's weights change in place, as DJL trains them.
 *
 * @param options the run's options
 * @param spec the tower's layer spec
 * @param tower the tower, initialised, its parameters on {@code manager}
 * @param manager the manager that owns the tower's parameters (the caller closes it)
 * @param pairs the Siamese pairs; empty in a pretraining-only run
 * @param metrics the flat figures so far, such as {@code pretrain.val_accuracy}
 * @param pretrainFingerprint SHA-256 of the pretraining data; empty without pretraining
 * @param pretrain what pretraining did, when it ran in this run (not when its checkpoint was
 *     reused)
 * @param finetune what fine-tuning did, when it ran
 * @param evaluation the threshold and the test figures, once evaluated
 * @param protocol how the figures are measured: held-out classes, pretraining overlap, threshold
 */
public record RunState(
    RunOptions options,
    TowerSpec spec,
    SequentialBlock tower,
    NDManager manager,
    Optional<PairSource> pairs,
    Map<String, Double> metrics,
    String pretrainFingerprint,
    Optional<StageResult> pretrain,
    Optional<StageResult> finetune,
    Optional<Evaluation> evaluation,
    EvaluationProtocol protocol) {

  /** Copies the metrics, keeping their order. */
  public RunState {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /**
   * The state a run starts from: the engine's random generator seeded, the tower built from the
   * recipe and initialised, and the pairs opened (so that bad pair input fails before any
   * training).
   */
  public static RunState start(RunOptions options, NDManager manager) {
    Engine.getInstance().setRandomSeed((int) options.seed());
    TowerSpec spec = towerSpec(options);
    SequentialBlock tower = BlockBuilder.tower(spec);
    long[] in = spec.inputShape();
    tower.initialize(manager, DataType.FLOAT32, new Shape(1, in[0], in[1], in[2]));
    Optional<PairSource> pairs =
        options.stages() == RunOptions.Stages.PRETRAIN
            ? Optional.empty()
            : Optional.of(
                options
                    .pairData()
                    .open(
                        options.preprocessing(),
                        options.recipe(),
                        options.strict(),
                        options.seed()));
    return new RunState(
        options,
        spec,
        tower,
        manager,
        pairs,
        Map.of(),
        "",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        pairs.map(PairSource::protocol).orElse(EvaluationProtocol.unrecorded()));
  }

  /** The tower the options describe. */
  static TowerSpec towerSpec(RunOptions options) {
    Recipe recipe = options.recipe();
    TowerSpec spec =
        Architectures.named(
            recipe.architecture(),
            options.preprocessing().channels(),
            options.preprocessing().height(),
            options.preprocessing().width());
    return recipe.l2Normalize() ? spec.withL2Normalize() : spec;
  }

  /** The run's recipe. */
  public Recipe recipe() {
    return options.recipe();
  }

  /** The tower's input shape: channels, height, width. */
  public long[] inputShape() {
    return spec.inputShape();
  }

  /** The pairs, which every stage after pretraining needs. */
  public PairSource requirePairs() {
    return pairs.orElseThrow(
        () -> new IllegalStateException("a pretraining-only run has no pairs"));
  }

  /** This state with the pretraining's figures: from a run of it, or from its reused checkpoint. */
  RunState pretrained(
      Optional<StageResult> result, String fingerprint, Map<String, Double> figures) {
    return next(figures, fingerprint, result, finetune, evaluation);
  }

  /** This state with the fine-tuning's result and figures. */
  RunState finetuned(StageResult result, Map<String, Double> figures) {
    return next(figures, pretrainFingerprint, pretrain, Optional.of(result), evaluation);
  }

  /** This state with the evaluation and its figures. */
  RunState evaluated(Evaluation result, Map<String, Double> figures) {
    return next(figures, pretrainFingerprint, pretrain, finetune, Optional.of(result));
  }

  /** The state after a stage: the same run, tower and pairs, more figures and results. */
  private RunState next(
      Map<String, Double> figures,
      String fingerprint,
      Optional<StageResult> pretrained,
      Optional<StageResult> finetuned,
      Optional<Evaluation> evaluated) {
    return next(figures, fingerprint, pretrained, finetuned, evaluated, protocol);
  }

  /** This state with another account of how its figures are measured. */
  RunState withProtocol(EvaluationProtocol newProtocol) {
    return next(Map.of(), pretrainFingerprint, pretrain, finetune, evaluation, newProtocol);
  }

  private RunState next(
      Map<String, Double> figures,
      String fingerprint,
      Optional<StageResult> pretrained,
      Optional<StageResult> finetuned,
      Optional<Evaluation> evaluated,
      EvaluationProtocol newProtocol) {
    Map<String, Double> all = new LinkedHashMap<>(metrics);
    all.putAll(figures);
    return new RunState(
        options,
        spec,
        tower,
        manager,
        pairs,
        all,
        fingerprint,
        pretrained,
        finetuned,
        evaluated,
        newProtocol);
  }
}
