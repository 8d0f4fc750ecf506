/**
 * The one image preprocessing path shared by the trainer and the server: bytes or pixels to an NCHW
 * float tensor.
 */
package io.siameseonnx.shared.image;
