package io.siameseonnx.trainer.pipeline;

import io.siameseonnx.trainer.pairs.PairSource;
import io.siameseonnx.trainer.train.ProgressListener;
import io.siameseonnx.trainer.train.Recipe;
import io.siameseonnx.trainer.train.SiameseTrainer;
import io.siameseonnx.trainer.train.StageResult;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2: fine-tunes the tower as a Siamese network on the run's pairs, with the recipe's loss and
 * metric, keeping the epoch with the best validation figure. With {@code --epochs 0} the tower is
 * left as it is.
 */
public final class FinetuneStage implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(FinetuneStage.class);

  private final ProgressListener progress;

  /** A stage reporting to {@code progress}. */
  public FinetuneStage(ProgressListener progress) {
    this.progress = progress;
  }

  @Override
  public RunState run(RunState state) {
    Recipe recipe = state.recipe();
    PairSource pairs = state.requirePairs();
    if (recipe.finetune().epochs() == 0) {
      LOG.info(
          "No fine-tuning (--epochs 0): evaluating the tower as it is on {}", pairs.description());
      return state;
    }
    LOG.info("Fine-tuning on {}", pairs.description());
    StageResult result =
        new SiameseTrainer(recipe.finetune(), recipe.metric(), progress)
            .train(state.tower(), state.inputShape(), pairs, 2 * recipe.pairsPerEpoch());
    Map<String, Double> figures = result.toMetrics(SiameseTrainer.STAGE);
    figures.put("finetune.val_loss", result.best().valLoss());
    return state.finetuned(result, figures);
  }
}
