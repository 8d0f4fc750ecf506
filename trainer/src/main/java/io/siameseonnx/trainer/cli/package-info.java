/** The {@code siamese-trainer} command line: train, pretrain, finetune, evaluate, export, embed. */
package io.siameseonnx.trainer.cli;
