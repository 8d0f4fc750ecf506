package io.siameseonnx.trainer.pairs;

import io.siameseonnx.trainer.data.LabeledImages;
import java.util.Optional;

/**
 * The class-labelled images behind a run's pairs, as the pairs were drawn: pretraining leaves out
 * the test images, so that they stay unseen by every stage for the final one-shot figures.
 *
 * @param train images the training pairs (or batches) come from
 * @param test images of the test pairs
 * @param excluded images of the classes kept out of every stage ({@code --exclude-classes}), if any
 */
public record LabeledSplit(
    LabeledImages train, LabeledImages test, Optional<LabeledImages> excluded) {}
