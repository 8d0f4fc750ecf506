package io.siameseonnx.server.http.v1;

import io.siameseonnx.server.http.MultipartForm;
import io.siameseonnx.server.service.ImageInput;

/**
 * {@code POST /v1/distance}: one pair.
 *
 * @param a the first image
 * @param b the second image
 * @param threshold the decision threshold, or null for the model card's
 */
public record DistanceRequest(ImageInput a, ImageInput b, Double threshold) {
  /** The request from multipart parts {@code a} and {@code b} and field {@code threshold}. */
  public static DistanceRequest fromForm(MultipartForm form) {
    return new DistanceRequest(
        form.image("a"),
        form.image("b"),
        Requests.number(form.field("threshold").orElse(null), "threshold"));
  }
}
