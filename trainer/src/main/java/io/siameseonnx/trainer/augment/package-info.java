/**
 * Random changes to training images (resized crop, horizontal flip, brightness and contrast
 * jitter), applied afresh each time an image enters a fine-tuning batch, never to validation, test
 * or calibration images.
 */
package io.siameseonnx.trainer.augment;
