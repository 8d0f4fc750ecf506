/**
 * The {@code siamese-trainer} command line: train, pretrain, finetune, evaluate, export, embed,
 * distance; option blocks shared as picocli mixins, and exit codes decided in one place.
 */
package io.siameseonnx.trainer.cli;
