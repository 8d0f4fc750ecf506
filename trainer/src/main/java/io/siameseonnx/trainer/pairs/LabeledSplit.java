package io.siameseonnx.trainer.pairs;

import io.siameseonnx.trainer.data.LabeledImages;

/**
 * The class-labelled images behind a run's pairs, split as the pairs were drawn: pretraining on the
 * same data keeps to the training and validation images, and the test images stay unseen by every
 * stage, for the final one-shot figures.
 *
 * @param all every image, before the split
 * @param train images the training pairs (or batches) come from
 * @param validation images of the validation pairs
 * @param test images of the test pairs
 */
public record LabeledSplit(
    LabeledImages all, LabeledImages train, LabeledImages validation, LabeledImages test) {}
