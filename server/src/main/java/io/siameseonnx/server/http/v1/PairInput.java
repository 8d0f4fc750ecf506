package io.siameseonnx.server.http.v1;

import io.siameseonnx.server.service.ImageInput;

/**
 * One pair in {@code POST /v1/distances}.
 *
 * @param a the first image
 * @param b the second image
 */
public record PairInput(ImageInput a, ImageInput b) {}
